//! Where a fetch transport sends requests: a webhook URL or an OAuth
//! portal, checked when a client is created.
//!
//! A webhook URL carries its secret (`/rest/<user>/<token>/`); plain `http`
//! would send it, and OAuth tokens, in clear text, so only loopback hosts
//! (a local emulator) may use it. Loopback means exactly `localhost`, a
//! dotted-quad IPv4 address in 127.0.0.0/8, or `[::1]` (in any of its
//! spellings, such as `[0:0:0:0:0:0:0:1]`): a name that merely starts like
//! one, such as `127.0.0.1.nip.io`, is not.

#[allow(unused_imports)]
use crate::prelude::*;

/// A checked REST endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The base every method name is appended to; ends with `/`.
    pub base: String,
    /// The part of `base` that is secret (a webhook token), to redact.
    pub secret: Option<String>,
}

/// Characters no host name may hold: the URL standard's forbidden host code
/// points, but `:`, which [`split_authority`] splits the port at (`[` and
/// `]` are allowed only around an IPv6 address, checked apart).
fn forbidden_in_host(c: char) -> bool {
    // A space or a control character (checked without Unicode tables).
    c <= ' '
        || c.is_control()
        || matches!(
            c,
            '#' | '/' | '<' | '>' | '?' | '@' | '\\' | '^' | '|' | '%' | '[' | ']'
        )
}

/// Splits an authority (`host[:port]`, no userinfo) into its host and
/// checks the port: all digits, 1 to 65535. Messages never echo the input.
fn split_authority(authority: &str) -> Result<&str, String> {
    let (name, port) = if let Some(inner) = authority.strip_prefix('[') {
        // A bracketed IPv6 address, `[...]` then an optional `:port`.
        let (address, after) = inner.split_once(']').ok_or_else(|| {
            "the URL's host opens a '[' (an IPv6 address) without closing it with ']'".to_owned()
        })?;
        if address.is_empty()
            || !address
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err(
                "the URL's IPv6 host is malformed; write it like [::1] (hex digits and ':')"
                    .to_owned(),
            );
        }
        let name = authority.get(..address.len() + 2).unwrap_or(authority);
        match after {
            "" => (name, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (name, Some(port)),
                None => {
                    return Err(
                        "after an IPv6 host's ']' only a ':' and a port may follow".to_owned()
                    )
                }
            },
        }
    } else {
        match authority.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (authority, None),
        }
    };
    if name.is_empty() {
        return Err(
            "the URL has no host; give one such as https://example.bitrix24.com/".to_owned(),
        );
    }
    if !name.starts_with('[') && name.contains(forbidden_in_host) {
        return Err(
            "the URL's host holds characters a host name cannot (a space, '\\', '?', '#', '%' \
             or similar); give a host such as example.bitrix24.com"
                .to_owned(),
        );
    }
    if let Some(port) = port {
        // Saturates instead of overflowing on a long run of digits.
        let value = port.bytes().try_fold(0u32, |n, b| {
            b.is_ascii_digit()
                .then(|| (n * 10 + u32::from(b - b'0')).min(100_000))
        });
        if !matches!(value, Some(1..=65_535)) {
            return Err(
                "the URL's port must be a number from 1 to 65535 (such as :8024); \
                 fix it or leave out the ':' and the port"
                    .to_owned(),
            );
        }
    }
    Ok(name)
}

fn split_url(url: &str) -> Result<(&str, &str, &str), String> {
    // Messages here never echo the URL: its path may hold a token, and a
    // refused userinfo may hold a password.
    let (scheme, rest) = url.split_once("://").ok_or_else(|| {
        "expected an absolute URL such as https://example.bitrix24.com/rest/1/<token>/".to_owned()
    })?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.contains('@') {
        return Err(
            "the URL must not carry a user name or password before its host (user@host); \
             remove that part: a webhook's secret belongs in its path, an OAuth token in accessToken"
                .to_owned(),
        );
    }
    split_authority(host)?;
    match scheme {
        "https" => Ok((scheme, host, path)),
        "http" if is_loopback(host) => Ok((scheme, host, path)),
        "http" => Err([
            "http is allowed only for a loopback host (localhost, 127.x.x.x or [::1]: a local \
             emulator); use https for ",
            host,
            ": a webhook URL and access tokens are secrets",
        ]
        .concat()),
        _ => Err("unsupported URL scheme: use https".to_owned()),
    }
}

/// A dotted-quad IPv4 address in 127.0.0.0/8: four decimal octets 0 to 255,
/// without signs or leading zeros (`0127` could be read as octal).
fn is_ipv4_loopback(name: &str) -> bool {
    let mut octets = 0;
    let mut first = None;
    for part in name.split('.') {
        let well_formed = matches!(part.len(), 1..=3)
            && part.bytes().all(|b| b.is_ascii_digit())
            && !(part.len() > 1 && part.starts_with('0'));
        if !well_formed {
            return false;
        }
        // At most three digits: no overflow.
        let value = part.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
        if value > 255 {
            return false;
        }
        first.get_or_insert(value);
        octets += 1;
    }
    octets == 4 && first == Some(127)
}

/// One IPv6 group: one to four hex digits.
fn hex_group(group: &str) -> Option<u16> {
    if !matches!(group.len(), 1..=4) {
        return None;
    }
    group.bytes().try_fold(0u16, |n, b| {
        let digit = char::from(b).to_digit(16)?;
        Some(n * 16 + digit as u16)
    })
}

/// The IPv6 address `::1`, in any of its spellings (`0:0:0:0:0:0:0:1`,
/// `0::1`, ...); without brackets, zone or embedded IPv4.
fn is_ipv6_loopback(address: &str) -> bool {
    let groups = |part: &str| -> Option<Vec<u16>> {
        if part.is_empty() {
            Some(Vec::new())
        } else {
            part.split(':').map(hex_group).collect()
        }
    };
    let (head, tail, gap) = match address.split_once("::") {
        Some((head, tail)) => (head, tail, true),
        None => (address, "", false),
    };
    let (Some(head), Some(tail)) = (groups(head), groups(tail)) else {
        return false;
    };
    let written = head.len() + tail.len();
    if (gap && written > 7) || (!gap && written != 8) {
        return false;
    }
    // With a gap, it stands for at least one zero group before the tail.
    let mut all = head;
    all.resize(8 - tail.len(), 0);
    all.extend(tail);
    all == [0, 0, 0, 0, 0, 0, 0, 1]
}

/// Whether `host` (with an optional `:port`, which must then be 1 to 65535)
/// is exactly a loopback address: `localhost` (any case), a dotted-quad IPv4
/// address in 127.0.0.0/8, or `[::1]`.
///
/// ```
/// use bx24_meeting::endpoint::is_loopback;
/// assert!(is_loopback("127.0.0.1:8024") && is_loopback("[::1]") && is_loopback("localhost"));
/// assert!(!is_loopback("127.attacker.example") && !is_loopback("localhost.evil"));
/// ```
pub fn is_loopback(host: &str) -> bool {
    let Ok(name) = split_authority(host) else {
        return false;
    };
    match name.strip_prefix('[').and_then(|v6| v6.strip_suffix(']')) {
        Some(v6) => is_ipv6_loopback(v6),
        None => name.eq_ignore_ascii_case("localhost") || is_ipv4_loopback(name),
    }
}

/// Checks a webhook URL, `https://<portal>/rest/<user>/<token>/`.
///
/// ```
/// let e = bx24_meeting::endpoint::webhook("https://b24.example.com/rest/1/abc123/").unwrap();
/// assert_eq!(e.base, "https://b24.example.com/rest/1/abc123/");
/// assert_eq!(e.secret.as_deref(), Some("abc123"));
/// ```
pub fn webhook(url: &str) -> Result<Endpoint, String> {
    let (scheme, host, path) = split_url(url)?;
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let ["rest", user, token] = segments.as_slice() else {
        // The path is not echoed: it may hold the token.
        return Err([
            "a webhook URL looks like https://<portal>/rest/<user id>/<token>/; the one given for ",
            host,
            " does not",
        ]
        .concat());
    };
    if user.is_empty() || !user.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the webhook URL's user id (after /rest/) must be a number".to_owned());
    }
    if token.is_empty()
        || !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err("the webhook URL's token (after the user id) is empty or malformed".to_owned());
    }
    Ok(Endpoint {
        base: [scheme, "://", host, "/rest/", user, "/", token, "/"].concat(),
        secret: Some((*token).to_owned()),
    })
}

/// Checks an OAuth portal `domain`: a host name (`example.bitrix24.com`,
/// meaning https) or a base URL (`http://127.0.0.1:8024` for an emulator).
pub fn oauth(domain: &str) -> Result<Endpoint, String> {
    let url = if domain.contains("://") {
        domain.to_owned()
    } else {
        ["https://", domain].concat()
    };
    let (scheme, host, path) = split_url(&url)?;
    if !path.trim_matches('/').is_empty() {
        return Err(
            "domain should be a portal host such as example.bitrix24.com, without a path"
                .to_owned(),
        );
    }
    Ok(Endpoint {
        base: [scheme, "://", host, "/rest/"].concat(),
        secret: None,
    })
}

/// Replaces every occurrence of each non-empty secret in `text` by `***`,
/// whatever its length. Where secrets overlap, the longest one starting at
/// a position wins, so no part of it is left showing.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut skip_to = 0;
    for (at, c) in text.char_indices() {
        if at < skip_to {
            continue;
        }
        let rest = text.get(at..).unwrap_or_default();
        let longest = secrets
            .iter()
            .filter(|s| !s.is_empty() && rest.starts_with(**s))
            .map(|s| s.len())
            .max();
        match longest {
            Some(len) => {
                out.push_str("***");
                skip_to = at + len;
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls() {
        let e = webhook("https://p.bitrix24.com/rest/7/k3y_-X").unwrap();
        assert_eq!(e.base, "https://p.bitrix24.com/rest/7/k3y_-X/");
        assert!(webhook("http://127.0.0.1:8024/rest/1/demo/").is_ok());
        assert!(webhook("http://localhost/rest/1/demo/").is_ok());
        assert_eq!(
            webhook("http://[::1]:8024/rest/1/demo").unwrap().base,
            "http://[::1]:8024/rest/1/demo/"
        );
        for (bad, says) in [
            ("http://p.bitrix24.com/rest/1/Tok3nXyz/", "loopback"),
            ("p.bitrix24.com/rest/1/Tok3nXyz/", "absolute URL"),
            ("https://p.bitrix24.com/rest/1/", "looks like"),
            ("https://p.bitrix24.com/rest/x/Tok3nXyz/", "user id"),
            ("https://p.bitrix24.com/api/1/Tok3nXyz/", "looks like"),
            ("ftp://p.bitrix24.com/rest/1/Tok3nXyz/", "scheme"),
            // The attack cases: a token sent in clear text to a non-loopback host.
            ("http://127.attacker.example/rest/1/Tok3nXyz/", "loopback"),
            ("http://127.0.0.1.nip.io/rest/1/Tok3nXyz/", "loopback"),
            ("http://localhost.evil/rest/1/Tok3nXyz/", "loopback"),
            (
                "http://127.0.0.1:1@attacker.example/rest/1/Tok3nXyz/",
                "user name or password",
            ),
            (
                "https://Tok3nXyz@p.bitrix24.com/rest/1/Tok3nXyz/",
                "user name or password",
            ),
            (
                "https://u:Tok3nXyz@p.bitrix24.com/rest/1/a/",
                "user name or password",
            ),
            ("https://p.bitrix24.com:99999/rest/1/Tok3nXyz/", "port"),
            ("http://127.0.0.1:0/rest/1/Tok3nXyz/", "port"),
            ("http://127.0.0.1:/rest/1/Tok3nXyz/", "port"),
            ("https://:443/rest/1/Tok3nXyz/", "no host"),
            ("https://p.bitrix24.com\\x/rest/1/Tok3nXyz/", "host holds"),
        ] {
            let err = webhook(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
            assert!(!err.contains("Tok3nXyz"), "the token leaked: {err}");
        }
    }

    #[test]
    fn oauth_domains() {
        assert_eq!(
            oauth("p.bitrix24.com").unwrap().base,
            "https://p.bitrix24.com/rest/"
        );
        assert_eq!(
            oauth("http://127.0.0.1:9/").unwrap().base,
            "http://127.0.0.1:9/rest/"
        );
        assert_eq!(
            oauth("http://[::1]:9").unwrap().base,
            "http://[::1]:9/rest/"
        );
        assert_eq!(
            oauth("p.bitrix24.com:65535").unwrap().base,
            "https://p.bitrix24.com:65535/rest/"
        );
        assert!(oauth("http://p.bitrix24.com").is_err());
        assert!(oauth("https://p.bitrix24.com/rest/").is_err());
        assert!(oauth("").is_err());
        for (bad, says) in [
            ("127.0.0.1:1@attacker.example", "user name or password"),
            ("user:Pa55w0rd@p.bitrix24.com", "user name or password"),
            ("http://127.attacker.example", "loopback"),
            ("http://127.0.0.1.nip.io:8024", "loopback"),
            ("http://LOCALHOST.evil", "loopback"),
            ("p.bitrix24.com:0", "port"),
            ("p.bitrix24.com:99999", "port"),
            ("p.bitrix24.com:", "port"),
            ("p.bitrix24.com:+80", "port"),
            ("p.bitrix24.com:80:80", "port"),
            ("http://[::1", "without closing"),
            ("http://[::1]x", "']'"),
            ("http://[evil.example]", "IPv6"),
            ("p.bitrix24.com?x", "host holds"),
            ("p bitrix24.com", "host holds"),
        ] {
            let err = oauth(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
            assert!(!err.contains("Pa55w0rd"), "the password leaked: {err}");
        }
    }

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "LocalHost",
            "localhost:8024",
            "127.0.0.1",
            "127.0.0.1:1",
            "127.0.0.1:65535",
            "127.255.255.255",
            "127.1.2.3:80",
            "127.0.0.0",
            "[::1]",
            "[::1]:8024",
            "[0:0:0:0:0:0:0:1]",
            "[0000:0000:0000:0000:0000:0000:0000:0001]",
            "[0::1]",
            "[::0:1]",
        ] {
            assert!(is_loopback(host), "{host} should be loopback");
        }
        for host in [
            "127.attacker.example",
            "127.0.0.1.nip.io",
            "127.0.0.1.",
            "localhost.evil",
            "localhost.",
            "evil-localhost",
            "10.0.0.1",
            "128.0.0.1",
            "0127.0.0.1",
            "127.00.0.1",
            "127.0.0.01",
            "127.0.0.256",
            "127.0.0.1000",
            "+127.0.0.1",
            "127.+0.0.1",
            "127.0.0",
            "127.1",
            "127.0.0.1.1",
            "127..0.1",
            "2130706433",
            "0x7f.0.0.1",
            "::1",
            "[::1",
            "[::]",
            "[::2]",
            "[1::]",
            "[::1:0]",
            "[0:0:0:0:0:0:0:0:1]",
            "[::0:0:0:0:0:0:0:1]",
            "[00001::1]",
            "[::1%25lo]",
            "[::ffff:127.0.0.1]",
            "[:::1]",
            "[::1::]",
            "127.0.0.1:0",
            "127.0.0.1:99999",
            "127.0.0.1:65536",
            "127.0.0.1:",
            "127.0.0.1:+80",
            "127.0.0.1:80a",
            "localhost:8024:1",
            "127.0.0.1:1@attacker.example",
            "user@127.0.0.1",
            "127.0.0.1 ",
            "127.0.0.1\\",
            "",
        ] {
            assert!(!is_loopback(host), "{host} should not be loopback");
        }
    }

    #[test]
    fn redaction() {
        assert_eq!(
            redact("token abcdef in abcdef", &["abcdef", ""]),
            "token *** in ***"
        );
        assert_eq!(redact("a b a", &["a"]), "*** b ***");
        assert_eq!(redact("x=ab;", &["ab"]), "x=***;");
        assert_eq!(redact("x=abc;abc", &["abc"]), "x=***;***");
        assert_eq!(redact("é=ü", &["ü"]), "é=***");
        // Overlapping secrets: the longest match wins, no suffix shows.
        assert_eq!(redact("k=abcd", &["ab", "abcd"]), "k=***");
        assert_eq!(redact("nothing here", &["", "zz"]), "nothing here");
        assert_eq!(redact("", &["a"]), "");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;
        use std::net::{Ipv4Addr, Ipv6Addr};

        proptest! {
            #[test]
            fn arbitrary_input_never_panics(s in ".*") {
                let _ = webhook(&s);
                let _ = oauth(&s);
                let _ = is_loopback(&s);
                let _ = redact(&s, &[&s, "a"]);
            }

            #[test]
            fn url_shaped_input_never_panics(
                scheme in "(https?|ftp|)",
                host in "[a-z0-9.:@\\[\\]%\\\\ ]{0,24}",
                path in "(/rest/[0-9]{0,3}/[A-Za-z0-9_@:-]{0,8}/?)?",
            ) {
                let url = [scheme.as_str(), "://", &host, &path].concat();
                let _ = webhook(&url);
                let _ = oauth(&url);
                let _ = oauth(&host);
            }

            #[test]
            fn ipv4_matches_std(s in "(127|0127|[0-9+]{1,4})(\\.[0-9+]{1,4}){2,4}") {
                let expected = s.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback());
                prop_assert_eq!(is_loopback(&s), expected, "{}", s);
            }

            #[test]
            fn ipv6_matches_std(s in "(::|0:)?[01:]{0,20}|[0-9a-fA-F:]{0,40}") {
                let expected = s.parse::<Ipv6Addr>().is_ok_and(|a| a == Ipv6Addr::LOCALHOST);
                let bracketed = ["[", s.as_str(), "]"].concat();
                prop_assert_eq!(is_loopback(&bracketed), expected, "{}", s);
            }

            #[test]
            fn loopback_hosts_are_only_the_exact_forms(s in ".*") {
                if is_loopback(&s) {
                    let name = s.rsplit_once(':').filter(|_| !s.ends_with(']')).map_or(s.as_str(), |(n, _)| n);
                    prop_assert!(
                        name.eq_ignore_ascii_case("localhost")
                            || name.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback())
                            || name.strip_prefix('[').and_then(|v| v.strip_suffix(']'))
                                .and_then(|v| v.parse::<Ipv6Addr>().ok()) == Some(Ipv6Addr::LOCALHOST),
                        "{}", s
                    );
                }
            }

            #[test]
            fn a_loopback_name_with_anything_appended_is_not_loopback(
                base in "(localhost|127\\.0\\.0\\.1|\\[::1\\])",
                suffix in "[.a-z@/-][.a-z0-9@:/-]{0,12}",
            ) {
                let host = [base.as_str(), &suffix].concat();
                prop_assume!(!suffix.starts_with(':') || !suffix[1..].bytes().all(|b| b.is_ascii_digit()));
                prop_assert!(!is_loopback(&host), "{}", host);
                let url = ["http://", host.as_str(), "/rest/1/tok/"].concat();
                prop_assert!(webhook(&url).is_err(), "{}", url);
            }

            #[test]
            fn every_secret_is_redacted(
                before in "[a-z ]{0,8}",
                secret in "[!-)+-~]{1,6}",
                after in "[a-z ]{0,8}",
            ) {
                let text = [before.as_str(), &secret, &after, &secret].concat();
                let out = redact(&text, &[&secret]);
                prop_assert!(!out.contains(secret.as_str()), "{} -> {}", text, out);
            }
        }
    }
}
