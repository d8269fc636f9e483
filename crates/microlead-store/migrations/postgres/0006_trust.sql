-- Trust (DESIGN.md §3.3–3.4): anonymous ballots reach the database only in shuffled batches,
-- group figures are frozen per period, and k never goes below 5.

-- An anonymous voter's participation is stored at once; their ballot waits in the memory of
-- the app server that took it (`held_by`, a random id of that process) until at least k
-- ballots can be written together in random order, or the decision closes. NULL once written.
-- If that server dies first, its held participations are released so those people can vote
-- again: a lost ballot is never silently counted as cast.
ALTER TABLE decision_participants ADD COLUMN held_by BIGINT;

-- App servers holding anonymous ballots say they are alive here (one row per process).
CREATE TABLE app_instances (
    id       BIGINT PRIMARY KEY,
    alive_at BIGINT NOT NULL
);

-- k is at least 5 (DESIGN.md §3.3); older instances allowed 3.
UPDATE teams SET k_threshold = 5 WHERE k_threshold < 5;

-- Whether a person lets their private journal entries count in their teams' group figures
-- (only ever as part of a count of at least k people). Off unless they turn it on.
ALTER TABLE users ADD COLUMN private_in_figures BOOLEAN NOT NULL DEFAULT FALSE;

-- Group figures, computed once per team, period and figure after the period ends, over the
-- people who were members throughout it, and never recomputed: a later join, leave or entry
-- cannot move them, so nobody is revealed by taking a difference.
CREATE TABLE group_figures (
    team_id      BIGINT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    period_start DATE NOT NULL,
    figure       TEXT NOT NULL,
    population   BIGINT NOT NULL,
    people       BIGINT NOT NULL,
    PRIMARY KEY (team_id, period_start, figure)
);

-- Every question's time is kept to the minute, so an anonymous question's time no longer
-- stands out.
UPDATE questions SET created_at = created_at - (created_at % 60);
