//! The client's address behind reverse proxies: `X-Forwarded-For` (or `Forwarded: for=`)
//! is believed only when the connection comes from a trusted proxy
//! (`OURSPACE_TRUSTED_PROXIES`, CIDR list), and then read from the right, skipping the
//! trusted hops, so a client cannot choose its own address by sending the header itself.

use actix_web::dev::ServiceRequest;
use actix_web::http::header::HeaderMap;
use std::net::IpAddr;

/// One network: an address and how many leading bits of it count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    bits: u8,
}

impl Cidr {
    /// Parses `10.0.0.0/8`, `::1/128` or a lone address (all its bits).
    ///
    /// # Errors
    /// Not an address, or a prefix longer than the address.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (addr, bits) = match text.split_once('/') {
            Some((addr, bits)) => (addr, Some(bits)),
            None => (text, None),
        };
        let network: IpAddr = addr
            .trim()
            .parse()
            .map_err(|_| format!("`{text}` is not an address or network"))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let bits = match bits {
            None => max,
            Some(b) => b
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|b| *b <= max)
                .ok_or_else(|| format!("`{text}`: the prefix must be 0–{max}"))?,
        };
        Ok(Self { network, bits })
    }

    fn contains(self, ip: IpAddr) -> bool {
        let (a, b, width) = match (self.network, ip.to_canonical()) {
            (IpAddr::V4(n), IpAddr::V4(i)) => {
                (u128::from(n.to_bits()), u128::from(i.to_bits()), 32)
            }
            (IpAddr::V6(n), IpAddr::V6(i)) => (n.to_bits(), i.to_bits(), 128),
            _ => return false,
        };
        let shift = width - u32::from(self.bits);
        shift >= width || (a >> shift) == (b >> shift)
    }
}

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<Cidr>);

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|c| c.contains(ip))
    }

    /// The client's address: the peer's, or, when the peer is a trusted proxy, the
    /// right-most forwarded address that is not itself a trusted proxy.
    #[must_use]
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        forwarded_for(headers)
            .into_iter()
            .rev()
            .find(|ip| !self.trusts(*ip))
            .unwrap_or(peer)
    }

    /// [`Self::client_of`] for a request (`None` without a peer address).
    #[must_use]
    pub fn client_of_request(&self, req: &ServiceRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        Some(self.client_of(peer, req.headers()))
    }
}

/// The addresses of `X-Forwarded-For`, or else of `Forwarded`'s `for=`, in order; an
/// unparsable entry ends the list (nothing left of it can be trusted).
fn forwarded_for(headers: &HeaderMap) -> Vec<IpAddr> {
    let xff: Vec<String> = headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_owned())
        .collect();
    let entries = if xff.is_empty() {
        headers
            .get_all("forwarded")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (k, v) = pair.trim().split_once('=')?;
                    k.eq_ignore_ascii_case("for")
                        .then(|| v.trim_matches('"').to_owned())
                })
            })
            .map(|v| {
                // `[2001:db8::1]:4711` or `192.0.2.1:4711`
                let v = v.strip_prefix('[').map_or(v.clone(), |rest| {
                    rest.split(']').next().unwrap_or_default().to_owned()
                });
                match v.parse::<IpAddr>() {
                    Ok(_) => v,
                    Err(_) => v
                        .rsplit_once(':')
                        .map_or(v.clone(), |(host, _)| host.to_owned()),
                }
            })
            .collect()
    } else {
        xff
    };
    let mut out = Vec::new();
    for e in entries {
        match e.parse() {
            Ok(ip) => out.push(ip),
            Err(_) => out.clear(),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(
                HeaderName::from_static(k),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_parse_and_contain() {
        let n = Cidr::parse("10.0.0.0/8").unwrap();
        assert!(n.contains(ip("10.1.2.3")) && !n.contains(ip("11.0.0.1")));
        assert!(Cidr::parse("::1").unwrap().contains(ip("::1")));
        assert!(
            Cidr::parse("127.0.0.1/32")
                .unwrap()
                .contains(ip("::ffff:127.0.0.1"))
        );
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        for bad in ["10.0.0.0/33", "proxy", "10.0.0.0/x", ""] {
            assert!(Cidr::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_headers_count_only_from_trusted_proxies() {
        let trusted = TrustedProxies(vec![Cidr::parse("10.0.0.0/8").unwrap()]);
        let xff = headers(&[("x-forwarded-for", "6.6.6.6, 1.2.3.4, 10.0.0.7")]);
        assert_eq!(
            trusted.client_of(ip("10.0.0.1"), &xff),
            ip("1.2.3.4"),
            "right-most untrusted hop"
        );
        assert_eq!(
            trusted.client_of(ip("5.5.5.5"), &xff),
            ip("5.5.5.5"),
            "not from a proxy: ignored"
        );
        assert_eq!(
            TrustedProxies::default().client_of(ip("10.0.0.1"), &xff),
            ip("10.0.0.1")
        );
        let fwd = headers(&[(
            "forwarded",
            "for=\"[2001:db8::1]:4711\";proto=https, for=192.0.2.9:80",
        )]);
        assert_eq!(trusted.client_of(ip("10.0.0.1"), &fwd), ip("192.0.2.9"));
        let junk = headers(&[("x-forwarded-for", "1.2.3.4, nonsense")]);
        assert_eq!(trusted.client_of(ip("10.0.0.1"), &junk), ip("10.0.0.1"));
    }
}
