//! The cookies we set (session, CSRF token, a guest's id), built with axum-extra's cookie
//! builder so their attributes are written in one place: HttpOnly (scripts never read them),
//! SameSite=Lax, and Secure when the public URL is https.

use axum_extra::extract::cookie::{Cookie, SameSite};

/// How long a cookie lives.
pub enum Lasts {
    /// Until the browser session ends.
    Session,
    /// This many seconds; 0 tells the browser to drop it now.
    Secs(i64),
}

/// One of our cookies, sent back for paths under `path`.
pub fn ours(
    name: &'static str,
    value: String,
    path: &'static str,
    lasts: Lasts,
    secure: bool,
) -> Cookie<'static> {
    let builder = Cookie::build((name, value))
        .path(path)
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure);
    match lasts {
        Lasts::Session => builder.build(),
        Lasts::Secs(secs) => builder.max_age(time::Duration::seconds(secs)).build(),
    }
}
