//! Where an embedded SQLite database lives: a directory and files readable by their owner only
//! (DESIGN.md §3.6), because they hold password hashes and private journals. New ones are
//! created that way; existing ones that are wider get a warning at start, not a silent change.

use std::path::Path;

use crate::CliError;

/// Makes ready the directory and file of the SQLite database at `db`: creates what is missing
/// (directory 0700, file 0600) and warns about what others may read.
pub fn prepare(db: &Path) -> Result<(), CliError> {
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            create_private_dir(dir).map_err(|e| {
                CliError::Failed(format!(
                    "cannot create data directory {}: {e}",
                    dir.display()
                ))
            })?;
        }
        warn_if_shared(dir, 0o700);
    }
    if !db.exists() {
        create_private_file(db)
            .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", db.display())))?;
    }
    // SQLite gives its -wal and -shm files the database file's permissions.
    warn_if_shared(db, 0o600);
    Ok(())
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(unix)]
fn create_private_file(file: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)
        .map(drop)
}

/// Logs a warning when `path` grants more than `allowed` (group or others may read it).
#[cfg(unix)]
fn warn_if_shared(path: &Path, allowed: u32) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        let mode = meta.permissions().mode() & 0o777;
        if mode & !allowed != 0 {
            tracing::warn!(
                path = %path.display(),
                mode = format!("{mode:o}"),
                wanted = format!("{allowed:o}"),
                "others may read microlead's data here; run chmod {allowed:o} on it",
            );
        }
    }
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(not(unix))]
fn create_private_file(file: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .map(drop)
}

#[cfg(not(unix))]
fn warn_if_shared(_: &Path, _: u32) {}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_data_directory_and_database_are_the_owners_only() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("data/inner/microlead.db");
        prepare(&db).unwrap();
        assert_eq!(mode(db.parent().unwrap()), 0o700);
        assert_eq!(mode(&db), 0o600);
        // An existing file is left as it is (and warned about), never truncated.
        std::fs::write(&db, b"kept").unwrap();
        prepare(&db).unwrap();
        assert_eq!(std::fs::read(&db).unwrap(), b"kept");
    }
}
