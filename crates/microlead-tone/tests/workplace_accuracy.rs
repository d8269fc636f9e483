//! Precision and recall of each reading on 320 hand-labelled workplace messages
//! (`fixtures/workplace_messages.tsv`): anger and fear of an incoming message (score >= 0.5),
//! harshness and kindness of a draft (score >= 0.5). The floors are what the engine reaches
//! today, rounded down; run with `--nocapture` to see the figures.

const FIXTURE: &str = include_str!("fixtures/workplace_messages.tsv");

#[derive(Default)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Counts {
    fn add(&mut self, gold: bool, predicted: bool) {
        match (gold, predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }
    fn precision(&self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fp).max(1))
    }
    fn recall(&self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fn_).max(1))
    }
}

#[test]
fn readings_reach_their_floors_on_workplace_messages() {
    let names = ["anger", "fear", "harsh", "kind"];
    let mut counts: [Counts; 4] = Default::default();
    let mut misses: Vec<String> = Vec::new();
    let mut rows = 0;
    for line in FIXTURE.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.splitn(6, '\t').collect();
        assert_eq!(f.len(), 6, "bad row {line:?}");
        let gold: Vec<bool> = f[1..5].iter().map(|x| *x == "1").collect();
        let text = f[5];
        let incoming = microlead_tone::read_incoming(text).expect("non-empty");
        let draft = microlead_tone::read_draft(text).expect("non-empty");
        let predicted = [
            incoming.emotions.anger >= 0.5,
            incoming.emotions.fear >= 0.5,
            draft.harshness >= 0.5,
            draft.kindness >= 0.5,
        ];
        for k in 0..4 {
            counts[k].add(gold[k], predicted[k]);
            if gold[k] != predicted[k] {
                misses.push(format!(
                    "{} {}: {text}",
                    names[k],
                    if gold[k] { "missed" } else { "false" }
                ));
            }
        }
        rows += 1;
    }
    assert!(
        rows >= 300,
        "the fixture should hold at least 300 messages, has {rows}"
    );
    println!("workplace messages: {rows}");
    for (name, c) in names.iter().zip(&counts) {
        println!(
            "{name:>6}: precision {:.3}  recall {:.3}  (tp {}, fp {}, fn {})",
            c.precision(),
            c.recall(),
            c.tp,
            c.fp,
            c.fn_
        );
    }
    if std::env::var_os("SHOW_MISSES").is_some() {
        for m in &misses {
            println!("  {m}");
        }
    }
    // Floors: what the engine reaches today, rounded down to leave a little room.
    let floors = [(0.90, 0.90), (0.95, 0.90), (0.85, 0.85), (0.90, 0.95)];
    for ((name, c), (p, r)) in names.iter().zip(&counts).zip(floors) {
        assert!(
            c.precision() >= p,
            "{name} precision {:.3} < {p}",
            c.precision()
        );
        assert!(c.recall() >= r, "{name} recall {:.3} < {r}", c.recall());
    }
}
