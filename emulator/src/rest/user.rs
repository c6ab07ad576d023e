//! `user.current`.

use serde_json::{json, Value};

use super::{Invocation, RestError};
use crate::calendar::Calendar;

pub(super) const CURRENT: &str = "user.current";

/// The current user's card (a subset of the portal's fields).
pub(super) fn current(calendar: &mut Calendar, call: &Invocation<'_>) -> Result<Value, RestError> {
    // A webhook may name a user the fixture does not have.
    let user = calendar.user(call.user).ok_or_else(RestError::no_auth)?;
    Ok(json!({
        "ID": user.id.to_string(),
        "ACTIVE": true,
        "NAME": user.name,
        "LAST_NAME": user.last_name,
        "EMAIL": user.email,
        "IS_ONLINE": "Y",
    }))
}
