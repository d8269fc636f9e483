//! Test support (feature `testing`): fresh databases on every backend that can run here, and
//! direct access to the store for tests that check what is (and is not) stored. Production
//! code never enables it.

pub use microlead_store::testing::{TestDb, backends, fresh_databases, fresh_pg, pg_rows};
pub use microlead_store::{
    Accounts, Audit, Decisions, EventBus, Figures, Jobs, Journal, Meetings, Notifications,
    Recognition, Rooms, SqlStore, Store,
};

/// The store as tests see it: every store method and the audit searches, callable on
/// `dyn TestStore` without importing each trait.
pub trait TestStore: Store + Audit {}
impl<T: Store + Audit> TestStore for T {}
