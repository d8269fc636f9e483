-- Meeting voices: figures of analysed meetings, who in the team each speaker is, and the
-- aliases a team has taught us. Raw transcript text is kept only when the uploader asks.

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    team_id          INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    uploaded_by      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    held_on          TEXT NOT NULL,
    format           TEXT NOT NULL,
    measure          TEXT NOT NULL,
    duration_seconds REAL NOT NULL,
    gini             REAL NOT NULL,
    report_json      TEXT NOT NULL,
    raw_text         TEXT,
    created_at       INTEGER NOT NULL
);
CREATE INDEX meetings_team ON meetings(team_id, held_on);

CREATE TABLE meeting_speakers (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    share      REAL NOT NULL,
    quiet      INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, name)
);
CREATE INDEX meeting_speakers_user ON meeting_speakers(user_id);

CREATE TABLE speaker_aliases (
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    alias   TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, alias)
);
