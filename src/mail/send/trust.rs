//! Whom to trust: the bundled roots, the system's store and a private CA,
//! and what a refused certificate says.

use std::fmt;
use std::fs;
use std::io::Read as _;
use std::path::Path;

use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::client::{Certificate, CertificateStore, TlsParameters};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::{CertificateError, RootCertStore};

use super::{CA_FILE_VAR, Env, MAX_CA_FILE_BYTES, SYSTEM_STORE_VARS};
use crate::error::Error;

/// Why the server's certificate was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Untrusted {
    /// Signed by an authority none of the trusted roots vouches for.
    UnknownAuthority,
    /// Past its end of validity.
    Expired {
        /// The certificate's last day, when rustls says it.
        on: Option<String>,
        /// This machine's time.
        now: Option<String>,
    },
    /// Before its start of validity.
    NotYetValid {
        /// The certificate's first day, when rustls says it.
        from: Option<String>,
        /// This machine's time.
        now: Option<String>,
    },
    /// Issued for other names than the host carnet connects to.
    OtherNames {
        /// The host of `--smtp`.
        host: String,
        /// The names in the certificate.
        names: Vec<String>,
    },
    /// Another reason, in rustls's words.
    Other(String),
}

impl fmt::Display for Untrusted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Untrusted::UnknownAuthority => {
                f.write_str("the server's certificate is signed by an unknown authority")
            }
            Untrusted::Expired { on, .. } => match on {
                Some(on) => write!(f, "the server's certificate expired on {on}"),
                None => f.write_str("the server's certificate has expired"),
            },
            Untrusted::NotYetValid { from, .. } => match from {
                Some(from) => write!(f, "the server's certificate is not valid before {from}"),
                None => f.write_str("the server's certificate is not valid yet"),
            },
            Untrusted::OtherNames { host, names } if names.is_empty() => {
                write!(f, "the server's certificate is not for {host}")
            }
            Untrusted::OtherNames { host, names } => write!(
                f,
                "the server's certificate is for {}, not for {host}",
                names.join(", ")
            ),
            Untrusted::Other(reason) => write!(f, "the server's certificate is refused: {reason}"),
        }
    }
}

impl Untrusted {
    /// What to do about it.
    pub(crate) fn hint(&self) -> String {
        let clock = |now: &Option<String>| match now {
            Some(now) => format!("this machine's clock, which says {now}"),
            None => "this machine's clock".into(),
        };
        match self {
            Untrusted::UnknownAuthority => format!(
                "the server's certificate is signed by an authority this machine does not \
                 trust: give your organisation's CA with --ca-file FILE or {CA_FILE_VAR}"
            ),
            Untrusted::Expired { now, .. } => format!(
                "whoever runs the server must renew its certificate (unless {} is wrong)",
                clock(now)
            ),
            Untrusted::NotYetValid { now, .. } => format!(
                "check {}; if it is right, whoever runs the server put in a certificate \
                 before its time",
                clock(now)
            ),
            Untrusted::OtherNames { host, names } if names.is_empty() => format!(
                "use in --smtp the host name the server's certificate was issued to, instead \
                 of {host}"
            ),
            Untrusted::OtherNames { host, names } => {
                let example = match names.iter().find(|name| !name.starts_with('*')) {
                    Some(name) => {
                        format!(" (e.g. smtps://{name}:465 or smtp://{name}:587?tls=required)")
                    }
                    None => String::new(),
                };
                format!(
                    "the certificate was issued to {}: use the name it was issued to in --smtp \
                     instead of {host}{example}",
                    names.join(", ")
                )
            }
            Untrusted::Other(_) => format!(
                "ask whoever runs the server about its certificate; a private CA is given \
                 with --ca-file FILE or {CA_FILE_VAR}"
            ),
        }
    }

    /// The reason of a certificate rustls refused.
    pub(super) fn of(error: &CertificateError, host: &str) -> Self {
        match error {
            CertificateError::UnknownIssuer => Untrusted::UnknownAuthority,
            CertificateError::Expired => Untrusted::Expired {
                on: None,
                now: None,
            },
            CertificateError::ExpiredContext { time, not_after } => Untrusted::Expired {
                on: Some(date(*not_after)),
                now: Some(date(*time)),
            },
            CertificateError::NotValidYet => Untrusted::NotYetValid {
                from: None,
                now: None,
            },
            CertificateError::NotValidYetContext { time, not_before } => Untrusted::NotYetValid {
                from: Some(date(*not_before)),
                now: Some(date(*time)),
            },
            CertificateError::NotValidForName => Untrusted::OtherNames {
                host: host.to_owned(),
                names: Vec::new(),
            },
            CertificateError::NotValidForNameContext { presented, .. } => Untrusted::OtherNames {
                host: host.to_owned(),
                names: presented.iter().filter_map(|p| presented_name(p)).collect(),
            },
            other => Untrusted::Other(format!("{other:?}")),
        }
    }
}

/// A name of a certificate as rustls shows it (`DnsName("mail.example.org")`,
/// `IpAddress(192.0.2.1)`), as it would be written in `--smtp`.
fn presented_name(shown: &str) -> Option<String> {
    let name = match shown.strip_prefix("DnsName(\"") {
        Some(dns) => dns.strip_suffix("\")")?,
        None => shown.strip_prefix("IpAddress(")?.strip_suffix(')')?,
    };
    Some(name.to_owned())
}

/// A time as a person reads it, in UTC.
fn date(time: UnixTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    i64::try_from(time.as_secs())
        .ok()
        .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| format!("{} s after 1970", time.as_secs()))
}

/// The TLS settings for `host`: the bundled roots and `roots`.
pub(super) fn tls_parameters(
    host: &str,
    roots: &[CertificateDer<'static>],
) -> Result<TlsParameters, SmtpError> {
    let mut builder =
        TlsParameters::builder(host.to_owned()).certificate_store(CertificateStore::WebpkiRoots);
    for root in roots {
        builder = builder.add_root_certificate(Certificate::from_der(root.to_vec())?);
    }
    builder.build_rustls()
}

/// Whether a certificate can stand as a root of trust (rustls would refuse
/// the whole set for one that cannot).
fn usable_root(certificate: &CertificateDer<'static>) -> Result<(), rustls::Error> {
    RootCertStore::empty().add(certificate.clone())
}

/// The system's store of certificates, as OpenSSL finds it, or as
/// `SSL_CERT_FILE` and `SSL_CERT_DIR` say. A store the user named that
/// cannot be read is refused; the system's own, read as far as it can be.
pub(super) fn system_roots(env: Env<'_>) -> Result<Vec<CertificateDer<'static>>, Error> {
    let found = rustls_native_certs::load_native_certs();
    let named: Vec<String> = SYSTEM_STORE_VARS
        .iter()
        .filter_map(|var| env(var).map(|value| format!("{var}={value}")))
        .collect();
    if let Some(error) = found.errors.first()
        && !named.is_empty()
    {
        return Err(Error::Input {
            file: named.join(" "),
            message: format!("the certificates cannot be read: {error}"),
            hint: "point SSL_CERT_FILE at a PEM file of certificates and SSL_CERT_DIR at a \
                   folder of them, or unset both to use the system's store"
                .into(),
        });
    }
    Ok(found
        .certs
        .into_iter()
        .filter(|certificate| usable_root(certificate).is_ok())
        .collect())
}

/// The certificates of a private CA: a PEM file, one or more of them.
pub(super) fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>, Error> {
    let refuse = |message: String| Error::Input {
        file: path.display().to_string(),
        message,
        hint: format!(
            "give --ca-file (or {CA_FILE_VAR}) your organisation's CA certificate as a PEM \
             file, text starting with -----BEGIN CERTIFICATE-----; a .cer or .der file \
             converts with `openssl x509 -inform der -in ca.cer -out ca.pem`"
        ),
    };
    let file = fs::File::open(path).map_err(|e| refuse(format!("cannot read the CA file: {e}")))?;
    let metadata = file
        .metadata()
        .map_err(|e| refuse(format!("cannot read the CA file: {e}")))?;
    if !metadata.is_file() {
        return Err(refuse("the CA file is not a file".into()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_CA_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| refuse(format!("cannot read the CA file: {e}")))?;
    if bytes.len() as u64 > MAX_CA_FILE_BYTES {
        return Err(refuse(format!(
            "the CA file is over {} MB: it is not a file of certificates",
            MAX_CA_FILE_BYTES / 1024 / 1024
        )));
    }
    let certificates = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| refuse(format!("the CA file is not PEM: {e}")))?;
    if certificates.is_empty() {
        return Err(refuse(
            "the CA file holds no certificate (no -----BEGIN CERTIFICATE----- section)".into(),
        ));
    }
    for (n, certificate) in certificates.iter().enumerate() {
        usable_root(certificate).map_err(|e| {
            refuse(format!(
                "certificate {} of the CA file cannot stand as an authority: {e}",
                n + 1
            ))
        })?;
    }
    Ok(certificates)
}
