-- Question rooms: questions anyone in the room may ask, named or anonymous, and upvotes.
-- An anonymous question stores no author, no address, no user agent, and its time only to the
-- minute (DESIGN.md §3.4).

CREATE TABLE rooms (
    id          INTEGER PRIMARY KEY,
    team_id     INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    host_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    moderated   INTEGER NOT NULL,
    rules       TEXT,
    -- The secret of the room's guest link; NULL when guests are not allowed.
    guest_token TEXT UNIQUE,
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER
);
CREATE INDEX rooms_team ON rooms(team_id, id);

CREATE TABLE questions (
    id          INTEGER PRIMARY KEY,
    room_id     INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    -- NULL for anonymous questions and for guests.
    author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    -- The name a guest typed; NULL when anonymous.
    author_name TEXT,
    body        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('visible', 'pending', 'hidden')),
    pinned      INTEGER NOT NULL DEFAULT 0,
    answer      TEXT,
    answered_at INTEGER,
    votes       INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
CREATE INDEX questions_room ON questions(room_id, id);

-- One row per voter and question: 'u:<user id>' for members, 'g:<hash of the guest id>' for
-- guests. The count lives on the question so reading a room never counts rows.
CREATE TABLE question_votes (
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    voter       TEXT NOT NULL,
    PRIMARY KEY (question_id, voter)
);
