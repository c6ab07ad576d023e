//! Where a fetch transport sends requests: a webhook URL or an OAuth
//! portal, checked when a client is created.
//!
//! A webhook URL carries its secret (`/rest/<user>/<token>/`); plain `http`
//! would send it, and OAuth tokens, in clear text, so only loopback hosts
//! (a local emulator) may use it.

/// A checked REST endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The base every method name is appended to; ends with `/`.
    pub base: String,
    /// The part of `base` that is secret (a webhook token), to redact.
    pub secret: Option<String>,
}

fn split_url(url: &str) -> Result<(&str, &str, &str), String> {
    // Messages here never echo the URL: its path may hold a token.
    let (scheme, rest) = url.split_once("://").ok_or_else(|| {
        "expected an absolute URL such as https://example.bitrix24.com/rest/1/<token>/".to_owned()
    })?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() || host.contains(['@', ' ', '?', '#']) {
        return Err("the URL has no usable host".to_owned());
    }
    match scheme {
        "https" => Ok((scheme, host, path)),
        "http" if is_loopback(host) => Ok((scheme, host, path)),
        "http" => Err(format!(
            "http is allowed only for a loopback host (a local emulator); use https for {host}: \
             a webhook URL and access tokens are secrets"
        )),
        _ => Err("unsupported URL scheme: use https".to_owned()),
    }
}

/// Whether `host` (with an optional `:port`) is a loopback address.
pub fn is_loopback(host: &str) -> bool {
    let name = if let Some(v6) = host.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    name == "localhost" || name == "::1" || name.starts_with("127.")
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
        return Err(format!(
            "a webhook URL looks like https://<portal>/rest/<user id>/<token>/; the one given for {host} does not"
        ));
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
        base: format!("{scheme}://{host}/rest/{user}/{token}/"),
        secret: Some((*token).to_owned()),
    })
}

/// Checks an OAuth portal `domain`: a host name (`example.bitrix24.com`,
/// meaning https) or a base URL (`http://127.0.0.1:8024` for an emulator).
pub fn oauth(domain: &str) -> Result<Endpoint, String> {
    let url = if domain.contains("://") {
        domain.to_owned()
    } else {
        format!("https://{domain}")
    };
    let (scheme, host, path) = split_url(&url)?;
    if !path.trim_matches('/').is_empty() {
        return Err(
            "domain should be a portal host such as example.bitrix24.com, without a path"
                .to_owned(),
        );
    }
    Ok(Endpoint {
        base: format!("{scheme}://{host}/rest/"),
        secret: None,
    })
}

/// Replaces every occurrence of each non-empty secret in `text` by `***`.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| s.len() >= 4)
        .fold(text.to_owned(), |acc, s| acc.replace(s, "***"))
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
        for (bad, says) in [
            ("http://p.bitrix24.com/rest/1/Tok3nXyz/", "loopback"),
            ("p.bitrix24.com/rest/1/Tok3nXyz/", "absolute URL"),
            ("https://p.bitrix24.com/rest/1/", "looks like"),
            ("https://p.bitrix24.com/rest/x/Tok3nXyz/", "user id"),
            ("https://p.bitrix24.com/api/1/Tok3nXyz/", "looks like"),
            ("ftp://p.bitrix24.com/rest/1/Tok3nXyz/", "scheme"),
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
        assert!(oauth("http://p.bitrix24.com").is_err());
        assert!(oauth("https://p.bitrix24.com/rest/").is_err());
        assert!(oauth("").is_err());
    }

    #[test]
    fn redaction() {
        assert_eq!(
            redact("token abcdef in abcdef", &["abcdef", ""]),
            "token *** in ***"
        );
        assert!(
            is_loopback("127.0.0.1:80") && is_loopback("localhost") && !is_loopback("10.0.0.1")
        );
    }
}
