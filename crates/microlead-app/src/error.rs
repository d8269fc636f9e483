use microlead_core::validate::InputError;
use microlead_store::StoreError;
use thiserror::Error;

/// The one error of the use-case boundary. Each variant knows what the person should read; the
/// HTTP and CLI shells map variants to a status or an exit code in one place each.
#[derive(Debug, Error)]
pub enum AppError {
    /// Refused input; the message names the field.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Not there, or not yours: we do not say which, so ids of others are not confirmed.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("{0}")]
    Unauthorized(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Gone(String),
    #[error("{message}")]
    RateLimited {
        message: String,
        retry_after_secs: u64,
    },
    /// A fault below us; the person sees a generic message, the log sees this.
    #[error("storage failed: {0}")]
    Store(StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(what) => AppError::Conflict(format!("{what} already exists")),
            StoreError::Gone(what) => {
                AppError::Gone(format!("{what} has expired or was already used"))
            }
            other => AppError::Store(other),
        }
    }
}

impl AppError {
    /// A short stable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Input(InputError::TooLong { .. }) => "too_large",
            AppError::Input(_) => "invalid_input",
            AppError::NotFound(_) => "not_found",
            AppError::Forbidden(_) => "forbidden",
            AppError::Unauthorized(_) => "unauthorized",
            AppError::Conflict(_) => "conflict",
            AppError::Gone(_) => "gone",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Store(_) | AppError::Internal(_) => "internal",
        }
    }

    /// Refused input the person can correct on the same form.
    pub fn is_input(&self) -> bool {
        matches!(self, AppError::Input(_) | AppError::NotFound("teammate"))
    }

    /// What the person reads: the cause of internal faults stays in the log.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Store(_) | AppError::Internal(_) => {
                "Something went wrong on our side; nothing was changed. Please try again.".into()
            }
            other => other.to_string(),
        }
    }
}
