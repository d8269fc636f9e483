//! `microlead admin`: headless administration on the server's data, as `gitea admin` does.

use std::io::{IsTerminal, Read};

use crate::CliError;
use crate::cli::{AdminArgs, AdminCommand};
use crate::config;
use crate::serve::open_app;

/// The password from stdin (first line), or a generated one when stdin is a terminal or empty.
fn password_from_stdin() -> Result<(String, bool), CliError> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut text = String::new();
        stdin
            .lock()
            .read_to_string(&mut text)
            .map_err(|e| CliError::Failed(format!("cannot read the password from stdin: {e}")))?;
        let line = text.lines().next().unwrap_or("").to_owned();
        if !line.is_empty() {
            return Ok((line, false));
        }
    }
    Ok((microlead_app::tokens::new_secret("")[..20].to_owned(), true))
}

pub async fn run(args: AdminArgs) -> Result<(), CliError> {
    let cfg = config::load_data(&args.data)?;
    let app = open_app(&cfg).await?;
    match args.command {
        AdminCommand::CreateUser {
            email,
            name,
            admin,
            team,
        } => {
            let (password, generated) = password_from_stdin()?;
            let (user, team) = app
                .admin_create_user(&name, &email, &password, admin, team.as_deref())
                .await?;
            crate::say!(
                "Created {} <{}>{}",
                user.name,
                user.email,
                if user.is_admin {
                    " (instance admin)"
                } else {
                    ""
                }
            );
            if let Some(t) = team {
                crate::say!("Member of team {} (id {})", t.name, t.id);
            }
            if generated {
                crate::say!("Password: {password}");
            }
        }
        AdminCommand::CreateToken { email } => {
            let (_user, token) = app.admin_create_token(&email).await?;
            crate::say!("{token}");
        }
    }
    Ok(())
}
