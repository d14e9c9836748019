//! Where the web sign-in may send the browser back to (with the token in the fragment):
//! an allow-list compared by origin and path, never by string prefix. A target is parsed as
//! a URL first (`.` and `..` resolved, `%2e` too), so `/cb/../../evil` is `/evil`; scheme,
//! host and port must equal an entry's exactly, and an entry ending in `*` allows the paths
//! under its own on a `/` boundary (`https://app.example.com/cb/*` allows `/cb/x`, not
//! `/cbx`; `https://app.example.com*` allows any path on that origin, not
//! `app.example.com.evil.example`).

use url::Url;

/// The allowed targets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedirectAllowList(Vec<Allowed>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Allowed {
    /// This URL exactly.
    Exact(Url),
    /// Any URL of this origin whose path is `path` or lies under it.
    Under { origin: url::Origin, path: String },
}

/// An entry of the allow-list that is not an absolute http(s) URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an http(s) URL (optionally ending in `*`)")]
pub struct BadEntry(pub String);

/// A `redirect_to` that cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadTarget {
    /// Not an absolute http(s) URL, or one with a user name, spaces or control characters.
    #[error("not an absolute http(s) URL without user name, spaces or control characters")]
    Malformed,
    /// Well formed, but its origin is not allowed.
    #[error("not on the allow-list")]
    NotAllowed,
}

/// The longest target kept (it waits server-side with the started sign-in).
pub const MAX_TARGET_LEN: usize = 2000;

/// Parses `raw` as a target: absolute http(s), a host, no credentials, nothing a header or
/// a log line could be split on, at most [`MAX_TARGET_LEN`] bytes.
fn target(raw: &str) -> Option<Url> {
    if raw.len() > MAX_TARGET_LEN
        || raw
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return None;
    }
    let url = Url::parse(raw).ok()?;
    let fits = matches!(url.scheme(), "http" | "https")
        && url.as_str().len() <= MAX_TARGET_LEN
        && url.host().is_some()
        && url.username().is_empty()
        && url.password().is_none();
    fits.then_some(url)
}

impl RedirectAllowList {
    /// # Errors
    /// The first entry that is not an http(s) URL.
    pub fn parse(entries: &[String]) -> Result<Self, BadEntry> {
        entries
            .iter()
            .map(|entry| {
                let bad = || BadEntry(entry.clone());
                match entry.strip_suffix('*') {
                    None => target(entry).map(Allowed::Exact).ok_or_else(bad),
                    Some(base) => {
                        let url = target(base)
                            .filter(|u| u.query().is_none())
                            .ok_or_else(bad)?;
                        Ok(Allowed::Under {
                            origin: url.origin(),
                            path: url.path().trim_end_matches('/').to_owned(),
                        })
                    }
                }
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// The same list, also allowing `entry` (as [`RedirectAllowList::parse`] reads it).
    ///
    /// # Errors
    /// `entry` is not an http(s) URL.
    pub fn allowing(mut self, entry: &str) -> Result<Self, BadEntry> {
        self.0.extend(Self::parse(&[entry.to_owned()])?.0);
        Ok(self)
    }

    /// The target as it will be used (normalised), when it is allowed.
    ///
    /// # Errors
    /// [`BadTarget::Malformed`] or [`BadTarget::NotAllowed`].
    pub fn check(&self, raw: &str) -> Result<String, BadTarget> {
        let url = target(raw).ok_or(BadTarget::Malformed)?;
        let allowed = self.0.iter().any(|a| match a {
            Allowed::Exact(exact) => *exact == url,
            Allowed::Under { origin, path } => {
                url.origin() == *origin
                    && (url.path() == path
                        || url
                            .path()
                            .strip_prefix(path.as_str())
                            .is_some_and(|rest| rest.starts_with('/')))
            }
        });
        if allowed {
            Ok(url.into())
        } else {
            Err(BadTarget::NotAllowed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> RedirectAllowList {
        RedirectAllowList::parse(&entries.iter().map(|e| (*e).to_owned()).collect::<Vec<_>>())
            .unwrap()
    }

    #[test]
    fn an_entry_added_later_is_allowed_beside_the_others() {
        let more = list(&["https://app.example/done"])
            .allowing("http://127.0.0.1:8080/sign-in/done")
            .unwrap();
        assert!(more.check("https://app.example/done").is_ok());
        assert!(more.check("http://127.0.0.1:8080/sign-in/done").is_ok());
        assert!(more.check("http://127.0.0.1:8080/sign-in/other").is_err());
        assert!(RedirectAllowList::default().allowing("not a url").is_err());
    }

    #[test]
    fn a_target_may_be_as_long_as_the_limit_and_no_longer() {
        let at = |len: usize| {
            let base = "https://app.example.com/";
            format!("{base}{}", "a".repeat(len - base.len()))
        };
        assert!(target(&at(MAX_TARGET_LEN)).is_some());
        assert!(target(&at(MAX_TARGET_LEN + 1)).is_none());
    }

    #[test]
    fn targets_are_compared_by_origin_and_path_not_by_prefix() {
        let l = list(&[
            "https://app.example.com*",
            "https://web.example/cb/*",
            "https://x.example/done",
        ]);
        for ok in [
            "https://app.example.com/",
            "https://app.example.com/any/where?x=1",
            "https://web.example/cb",
            "https://web.example/cb/inner",
            "https://web.example/cb/a/../b",
            "https://x.example/done",
        ] {
            assert!(l.check(ok).is_ok(), "{ok}");
        }
        for refused in [
            "https://app.example.com.evil.example/",
            "http://app.example.com/",
            "https://app.example.com:8443/",
            "https://web.example/cbx",
            "https://web.example/cb/../../evil",
            "https://web.example/cb/%2e%2e/evil",
            "https://x.example/done/more",
            "https://evil.example/",
        ] {
            assert_eq!(l.check(refused), Err(BadTarget::NotAllowed), "{refused}");
        }
        for malformed in [
            "https://app.example.com/\r\nSet-Cookie: a=b",
            "https://app.example.com/ a",
            "javascript:alert(1)",
            "//app.example.com/",
            "/relative",
            "https://user:pw@app.example.com/",
            "https://app.example.com@evil.example/",
            "https:\\\\app.example.com",
            "",
            &format!("https://app.example.com/{}", "a".repeat(MAX_TARGET_LEN)),
            &format!(
                "https://app.example.com/{}",
                "가".repeat(MAX_TARGET_LEN / 4)
            ),
        ] {
            assert_eq!(
                l.check(malformed),
                Err(BadTarget::Malformed),
                "{malformed:?}"
            );
        }
    }

    #[test]
    fn the_target_used_is_the_normalised_one() {
        let l = list(&["https://web.example/cb/*"]);
        assert_eq!(
            l.check("https://WEB.example/cb/a/./b/../c").unwrap(),
            "https://web.example/cb/a/c"
        );
    }

    #[test]
    fn an_entry_that_is_not_an_url_is_refused() {
        for bad in [
            "app.example.com",
            "ftp://x.example/",
            "https://x.example/?q=1*",
            "*",
        ] {
            assert!(
                RedirectAllowList::parse(&[bad.to_owned()]).is_err(),
                "{bad}"
            );
        }
        assert_eq!(
            RedirectAllowList::parse(&[]).unwrap(),
            RedirectAllowList::default()
        );
    }
}
