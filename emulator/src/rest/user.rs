//! `user.current`, with the fields and types of the docs' example answer
//! (`settings/batch.md`, "Response Handling": the `get_user` result).

use serde_json::{json, Value};

use super::{Invocation, RestError};
use crate::calendar::Calendar;
use crate::clock;

pub(super) const CURRENT: &str = "user.current";

/// When the fixture users "registered": 2023-08-24 03:00 UTC (the docs'
/// example date), one day apart by id, so the value is stable across calls.
const REGISTERED_BASE: i64 = 1_692_846_000;

/// The department every fixture user is in (the docs' example: `[1]`).
const DEPARTMENT: u64 = 1;

/// The current user's card. Types as in the docs' example: `ID` a string,
/// `ACTIVE` a boolean, `LAST_LOGIN`/`DATE_REGISTER` ISO 8601 with offset,
/// `TIMESTAMP_X` `d.m.Y H:i:s`, `LAST_ACTIVITY_DATE` `Y-m-d H:i:s`,
/// `UF_DEPARTMENT` a list of integers, unset personal fields `""`.
pub(super) fn current(calendar: &mut Calendar, call: &Invocation<'_>) -> Result<Value, RestError> {
    // A webhook may name a user the fixture does not have.
    let user = calendar.user(call.user).ok_or_else(RestError::no_auth)?;
    let registered = REGISTERED_BASE + i64::try_from(user.id).unwrap_or(0).min(3650) * clock::DAY;
    Ok(json!({
        "ID": user.id.to_string(),
        "ACTIVE": true,
        "NAME": user.name,
        "LAST_NAME": user.last_name,
        "EMAIL": user.email,
        // The user is calling now, so they are logged in and active now.
        "LAST_LOGIN": clock::format_rfc3339(call.now),
        "DATE_REGISTER": clock::format_rfc3339(registered),
        "IS_ONLINE": "Y",
        "TIMESTAMP_X": clock::format_dotted(registered),
        "LAST_ACTIVITY_DATE": clock::format_sql(call.now),
        "PERSONAL_GENDER": "",
        "PERSONAL_BIRTHDAY": "",
        "UF_EMPLOYMENT_DATE": "",
        "UF_DEPARTMENT": [DEPARTMENT],
    }))
}
