-- Praise that flows on, feedback with a coach, and the inbox that carries both.
-- Feedback and feedback requests are readable by their two parties only: no query here joins
-- them into anything a third person sees.

-- How a person prefers to be thanked; the giver sees it and it is respected.
CREATE TABLE praise_preferences (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    preference TEXT NOT NULL CHECK (preference IN ('any', 'public', 'private'))
);

-- A praise, or a pass-on of one (parent_id set). root_id names the first praise of the chain
-- and is kept when links are deleted, so the rest of a thread still hangs together.
CREATE TABLE praise (
    id         INTEGER PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    giver_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message    TEXT NOT NULL,
    act_slug   TEXT,
    public     INTEGER NOT NULL,
    parent_id  INTEGER REFERENCES praise(id) ON DELETE SET NULL,
    root_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at  INTEGER
);
CREATE INDEX praise_team ON praise(team_id, id);
CREATE INDEX praise_giver ON praise(giver_id, id);
CREATE INDEX praise_root ON praise(root_id);
CREATE INDEX praise_parent ON praise(parent_id);

CREATE TABLE praise_recipients (
    praise_id INTEGER NOT NULL REFERENCES praise(id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (praise_id, user_id)
);
CREATE INDEX praise_recipients_user ON praise_recipients(user_id);

CREATE TABLE feedback_requests (
    id         INTEGER PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    asker_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    topic      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX feedback_requests_asker ON feedback_requests(asker_id);

CREATE TABLE feedback_request_recipients (
    request_id  INTEGER NOT NULL REFERENCES feedback_requests(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    answered_at INTEGER,
    PRIMARY KEY (request_id, user_id)
);
CREATE INDEX feedback_request_recipients_user ON feedback_request_recipients(user_id);

CREATE TABLE feedback (
    id           INTEGER PRIMARY KEY,
    team_id      INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    sender_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    recipient_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    situation    TEXT NOT NULL,
    behaviour    TEXT NOT NULL,
    impact       TEXT NOT NULL,
    request      TEXT,
    request_id   INTEGER REFERENCES feedback_requests(id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    thanked_at   INTEGER,
    discussed_at INTEGER,
    CHECK (sender_id <> recipient_id)
);
CREATE INDEX feedback_sender ON feedback(sender_id, id);
CREATE INDEX feedback_recipient ON feedback(recipient_id, id);

CREATE TABLE feedback_replies (
    id          INTEGER PRIMARY KEY,
    feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX feedback_replies_feedback ON feedback_replies(feedback_id, id);

-- What reached a person: a kind and the id of the thing, never its text, so deleting the
-- thing (or its text) leaves nothing behind here.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    team_id    INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    ref_id     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    read_at    INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, id);
