"""The tokeniser and features of microlead-tone's emotion model, mirrored from
crates/microlead-tone/src/tokens.rs and emotions.rs. Keep the two in step."""

APOSTROPHES = "'\u2019"


def words(text):
    """Lower-cased word tokens: maximal runs of alphanumerics and apostrophes, with apostrophes
    trimmed from both ends and the typographic one folded to ASCII."""
    out = []
    cur = []
    for c in text + " ":
        if c.isalnum() or c in APOSTROPHES:
            cur.append(c)
        else:
            if cur:
                w = "".join(cur).strip(APOSTROPHES)
                if w:
                    out.append(w.lower().replace("\u2019", "'"))
            cur = []
    return out


def features(text):
    """Unigrams and adjacent-word bigrams ("a b"), as a set (the model is binary)."""
    ws = words(text)
    feats = set(ws)
    for a, b in zip(ws, ws[1:]):
        feats.add(a + " " + b)
    return feats
