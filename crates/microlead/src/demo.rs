//! `serve --demo`: seeds the demo team (see `microlead_app::demo`) and says how to sign in.

use microlead_app::App;

use crate::CliError;

pub async fn seed(app: &App) -> Result<(), CliError> {
    match app.seed_demo().await? {
        None => crate::say!("--demo: this instance already has data, so no demo was added."),
        Some(login) => {
            crate::say!("Demo team ready with {} people. Sign in as:", login.people);
            crate::say!("  e-mail:   {}", login.admin.email);
            crate::say!("  password: {}", login.password);
        }
    }
    Ok(())
}
