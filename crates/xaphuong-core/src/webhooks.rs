//! What other systems are told: the kinds of event a change gives rise to,
//! which of them a webhook asked for, and when a failed delivery is tried
//! again.

use crate::Invalid;

/// The event a step of a dossier's lifecycle gives rise to, by the step's
/// code (`file` is the filing itself).
pub fn dossier_event(action: &str) -> &'static str {
    match action {
        "file" => "dossier.received",
        "accept" => "dossier.accepted",
        "refuse" => "dossier.refused",
        "intake_supplement" | "request_supplement" => "dossier.supplement_requested",
        "supplement_received" => "dossier.supplement_received",
        "apologise" => "dossier.apologised",
        "assign" => "dossier.assigned",
        "submit" => "dossier.submitted",
        "send_back" => "dossier.sent_back",
        "transfer" => "dossier.transferred",
        "transfer_back" => "dossier.transferred_back",
        "request_financial" => "dossier.financial_requested",
        "financial_done" => "dossier.financial_done",
        "approve" => "dossier.resolved",
        "return_result" => "dossier.returned",
        "withdraw" => "dossier.withdrawn",
        "stop" => "dossier.stopped",
        _ => "dossier.changed",
    }
}

/// A step of a violation case.
pub const VIOLATION_STEP: &str = "violation.step";
/// A household's poverty or cultural-family review recorded for a year.
pub const REVIEW_RECORDED: &str = "review.recorded";

/// Every kind a webhook may ask for.
pub const KINDS: &[&str] = &[
    "dossier.received",
    "dossier.accepted",
    "dossier.refused",
    "dossier.supplement_requested",
    "dossier.supplement_received",
    "dossier.apologised",
    "dossier.assigned",
    "dossier.submitted",
    "dossier.sent_back",
    "dossier.transferred",
    "dossier.transferred_back",
    "dossier.financial_requested",
    "dossier.financial_done",
    "dossier.resolved",
    "dossier.returned",
    "dossier.withdrawn",
    "dossier.stopped",
    VIOLATION_STEP,
    REVIEW_RECORDED,
];

/// The kinds as typed (comma or space separated, `*` for all), checked
/// and kept in one canonical text: `*`, or the kinds in [`KINDS`] order.
pub fn parse_kinds(typed: &str) -> Result<String, Invalid> {
    let asked: Vec<&str> = typed
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if asked.is_empty() {
        return Err(Invalid::one(
            "events",
            "Chọn ít nhất một loại sự kiện (hoặc *)",
        ));
    }
    if asked.contains(&"*") {
        return Ok("*".into());
    }
    if let Some(unknown) = asked.iter().find(|k| !KINDS.contains(k)) {
        return Err(Invalid::one(
            "events",
            format!(
                "Loại sự kiện «{unknown}» không có; các loại: {}",
                KINDS.join(", ")
            ),
        ));
    }
    Ok(KINDS
        .iter()
        .filter(|k| asked.contains(k))
        .copied()
        .collect::<Vec<_>>()
        .join(","))
}

/// Whether a webhook that asked for `kinds` (as [`parse_kinds`] keeps
/// them) wants an event of `kind`.
pub fn wants(kinds: &str, kind: &str) -> bool {
    kinds == "*" || kinds.split(',').any(|k| k == kind)
}

/// A delivery is tried this many times in all, then kept as dead until
/// an administrator replays it.
pub const MAX_ATTEMPTS: i64 = 10;

/// Milliseconds to wait after the `attempt`-th failure (1-based): `base`,
/// doubled each time, at most one hour.
pub fn backoff_ms(attempt: i64, base_ms: i64) -> i64 {
    let doublings = u32::try_from((attempt - 1).clamp(0, 30)).unwrap_or(30);
    base_ms
        .max(1)
        .saturating_mul(1_i64 << doublings)
        .min(3_600_000)
}

/// An endpoint's address: http or https, a host, at most 2 000 characters.
pub fn check_url(url: &str) -> Result<String, Invalid> {
    let url = url.trim();
    let bad = || {
        Invalid::one(
            "url",
            "Địa chỉ phải bắt đầu bằng http:// hoặc https:// và có tên máy",
        )
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(bad)?;
    if url.len() > 2000
        || rest.is_empty()
        || rest.starts_with('/')
        || url.chars().any(char::is_whitespace)
    {
        return Err(bad());
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_checked_and_kept_in_one_order() {
        assert_eq!(
            parse_kinds("dossier.returned, dossier.received").unwrap(),
            "dossier.received,dossier.returned"
        );
        assert_eq!(parse_kinds("dossier.returned *").unwrap(), "*");
        let e = parse_kinds("dossier.lost").unwrap_err();
        assert_eq!(e.0[0].field, "events");
        assert!(parse_kinds(" ").is_err());
        assert!(wants("*", "review.recorded"));
        assert!(wants(
            "dossier.received,dossier.returned",
            "dossier.returned"
        ));
        assert!(!wants("dossier.received", "dossier.returned"));
        // Every step of the lifecycle has a kind a webhook may ask for.
        for (code, ..) in [
            "accept",
            "refuse",
            "apologise",
            "return_result",
            "file",
            "stop",
        ]
        .iter()
        .map(|c| (c, ()))
        {
            assert!(KINDS.contains(&dossier_event(code)), "{code}");
        }
    }

    #[test]
    fn retries_back_off_to_an_hour() {
        assert_eq!(backoff_ms(1, 1000), 1000);
        assert_eq!(backoff_ms(2, 1000), 2000);
        assert_eq!(backoff_ms(4, 1000), 8000);
        assert_eq!(backoff_ms(30, 1000), 3_600_000);
        assert_eq!(backoff_ms(0, 0), 1);
    }

    #[test]
    fn an_endpoint_is_an_http_address() {
        assert_eq!(
            check_url(" https://cong.example.vn/hook ").unwrap(),
            "https://cong.example.vn/hook"
        );
        assert!(check_url("http://127.0.0.1:9000/").is_ok());
        for bad in [
            "ftp://x",
            "https://",
            "https:///x",
            "cong.example.vn",
            "http://a b",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }
}
