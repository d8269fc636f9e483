-- Decisions where dissent counts (DESIGN.md §4.6), and a small durable job queue (reminders).
--
-- Anonymous decisions are unlinkable: who took part is in decision_participants, what they
-- chose is in decision_ballots, which has no user id, no per-person key, a random id and a
-- time truncated to the minute. Both tables are WITHOUT ROWID, so neither keeps an insertion
-- order that could pair a participant with a ballot.

CREATE TABLE decisions (
    id               INTEGER PRIMARY KEY,
    team_id          INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    proposer_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    details          TEXT NOT NULL,
    template         TEXT NOT NULL CHECK (template IN ('proposal', 'consent')),
    closes_at        INTEGER NOT NULL,
    reasons_required INTEGER NOT NULL,
    hide_results     INTEGER NOT NULL,
    anonymous        INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    closed_at        INTEGER,
    outcome          TEXT,
    review_on        TEXT,
    reviewed_at      INTEGER
);
CREATE INDEX decisions_team ON decisions(team_id, id);

-- Anonymous decisions: who took part (never what they chose).
CREATE TABLE decision_participants (
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (decision_id, user_id)
) WITHOUT ROWID;

-- Anonymous decisions: what was chosen (never by whom). Final once cast.
CREATE TABLE decision_ballots (
    decision_id  INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    id           INTEGER NOT NULL,
    choice       TEXT NOT NULL CHECK (choice IN ('agree', 'abstain', 'disagree', 'block')),
    reason       TEXT,
    cast_minute  INTEGER NOT NULL,
    proved_right INTEGER,
    PRIMARY KEY (decision_id, id)
) WITHOUT ROWID;

-- Named decisions: each person's current vote, and every change.
CREATE TABLE decision_votes (
    id           INTEGER PRIMARY KEY,
    decision_id  INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    choice       TEXT NOT NULL CHECK (choice IN ('agree', 'abstain', 'disagree', 'block')),
    reason       TEXT,
    updated_at   INTEGER NOT NULL,
    proved_right INTEGER,
    UNIQUE (decision_id, user_id)
);

CREATE TABLE decision_vote_history (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    choice      TEXT NOT NULL,
    reason      TEXT,
    cast_at     INTEGER NOT NULL
);
CREATE INDEX decision_vote_history_decision ON decision_vote_history(decision_id, id);

-- Answers to "what would make this fail?", kept without author.
CREATE TABLE decision_premortems (
    decision_id    INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    id             INTEGER NOT NULL,
    body           TEXT NOT NULL,
    created_minute INTEGER NOT NULL,
    PRIMARY KEY (decision_id, id)
) WITHOUT ROWID;

-- Durable background work. A job is claimed by one runner (claimed_at), then done (done_at) or
-- released with last_error; a claim older than the stale limit may be taken again.
CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    run_at     INTEGER NOT NULL,
    payload    TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    claimed_at INTEGER,
    done_at    INTEGER,
    last_error TEXT
);
CREATE INDEX jobs_due ON jobs(run_at) WHERE done_at IS NULL;
