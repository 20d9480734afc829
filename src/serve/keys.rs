//! The server's host key, and the client keys it admits.
//!
//! The host key is ed25519, made on the first start and kept in OpenSSH's
//! private-key format with mode 0600; its fingerprint is shown as
//! `ssh-keygen -l` shows it (SHA256, base64), so that users can check it.
//! Admitted keys come from an OpenSSH `authorized_keys` file (sshd(8),
//! "AUTHORIZED_KEYS FILE FORMAT"): one key per line, optionally after
//! options, with blank lines and `#` comments; a line that is not a key
//! is an error naming the file and line, never skipped (a typo would lock
//! its owner out without a word).

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use russh::keys::ssh_key::{HashAlg, LineEnding};
use russh::keys::{Algorithm, PrivateKey, PublicKey};

/// A key the server admits, with the comment its line gives (the name the
/// logs and meeting mode show).
#[derive(Debug, Clone)]
pub struct AuthorizedKey {
    pub key: PublicKey,
    pub comment: String,
}

/// Why the keys could not be read.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{}: {error}", path.display())]
    Io { path: PathBuf, error: io::Error },
    #[error("{}:{line}:{column}: {reason}", path.display())]
    Line {
        path: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{}: {reason}", path.display())]
    Key { path: PathBuf, reason: String },
}

/// The host key at `path`: read, or, when there is no file and `make`,
/// made (ed25519, mode 0600, in a directory made if missing). Whether it
/// was made. (A key given by name is never made: a typo would change the
/// server's identity.)
pub fn host_key(path: &Path, make: bool) -> Result<(PrivateKey, bool), KeyError> {
    let io_error = |error| KeyError::Io {
        path: path.to_path_buf(),
        error,
    };
    let key_error = |reason: String| KeyError::Key {
        path: path.to_path_buf(),
        reason,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let key = PrivateKey::from_openssh(&text)
                .map_err(|e| key_error(format!("not an OpenSSH private key ({e})")))?;
            if key.is_encrypted() {
                return Err(key_error(
                    "the key is encrypted; give one without a passphrase".into(),
                ));
            }
            return Ok((key, false));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound && make => {}
        Err(e) => return Err(io_error(e)),
    }
    let mut key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .map_err(|e| key_error(format!("cannot make a key ({e})")))?;
    key.set_comment("report-explorer serve");
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| key_error(format!("cannot encode the key ({e})")))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io_error)?;
    }
    let mut file = new_private_file(path).map_err(io_error)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io_error)?;
    // Its public half beside it, for known_hosts lines (pinning).
    if let Ok(public) = key.public_key().to_openssh() {
        let _ = std::fs::write(path.with_extension("pub"), format!("{public}\n"));
    }
    Ok((key, true))
}

#[cfg(unix)]
fn new_private_file(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn new_private_file(path: &Path) -> io::Result<std::fs::File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// A key's fingerprint as `ssh-keygen -l` prints it: `SHA256:` and the
/// unpadded base64 of the SHA-256 of the key's wire form.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// A key's kind as `ssh-keygen -l` names it: ED25519, ECDSA, RSA…
pub fn kind(key: &PublicKey) -> String {
    match key.algorithm() {
        Algorithm::Ed25519 => "ED25519".into(),
        Algorithm::Ecdsa { .. } => "ECDSA".into(),
        Algorithm::Rsa { .. } => "RSA".into(),
        other => other.as_str().trim_start_matches("ssh-").to_uppercase(),
    }
}

/// The keys of an `authorized_keys` file (none is an error: nobody could
/// connect).
pub fn authorized_keys(path: &Path) -> Result<Vec<AuthorizedKey>, KeyError> {
    key_file(path, "no keys in the file: nobody could connect")
}

/// The keys of a `--presenters` file, in the same format (none is an
/// error: nobody could present).
pub fn presenters(path: &Path) -> Result<Vec<AuthorizedKey>, KeyError> {
    key_file(
        path,
        "no keys in the file: a meeting needs a presenter's key",
    )
}

fn key_file(path: &Path, when_empty: &str) -> Result<Vec<AuthorizedKey>, KeyError> {
    let text = std::fs::read_to_string(path).map_err(|error| KeyError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let keys = parse_authorized_keys(&text).map_err(|(line, column, reason)| KeyError::Line {
        path: path.to_path_buf(),
        line,
        column,
        reason,
    })?;
    if keys.is_empty() {
        return Err(KeyError::Key {
            path: path.to_path_buf(),
            reason: when_empty.into(),
        });
    }
    Ok(keys)
}

/// The keys of an `authorized_keys` text, or the first bad line: its
/// number and the column where the key was looked for (both from 1), and
/// why.
pub fn parse_authorized_keys(text: &str) -> Result<Vec<AuthorizedKey>, (usize, usize, String)> {
    let mut keys = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let body = line.trim_start();
        let indent = line.len() - body.len();
        let body = body.trim_end();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        // A key alone, or options (which may quote spaces) before it.
        let (at, key) = match PublicKey::from_openssh(body) {
            Ok(key) => (0, Ok(key)),
            Err(e) if starts_with_key_type(body) => (0, Err(e)),
            Err(e) => match after_options(body) {
                Some(at) => (at, PublicKey::from_openssh(&body[at..])),
                None => (0, Err(e)),
            },
        };
        let column = line[..indent + at].chars().count() + 1;
        match key {
            // Options (from=, command=, cert-authority…) would each change
            // what the key may do; serve enforces none, so none is taken.
            Ok(_) if at > 0 => {
                return Err((
                    n + 1,
                    indent + 1,
                    format!(
                    "options before the key ({}) are not supported by serve: give the key alone",
                    body[..at].trim_end()
                ),
                ))
            }
            // The comment is a name shown in logs and on screens: no
            // control character (an escape sequence) gets through.
            Ok(key) => keys.push(AuthorizedKey {
                comment: key
                    .comment()
                    .as_str_lossy()
                    .chars()
                    .filter(|&c| !c.is_control() && !is_format(c))
                    .collect(),
                key,
            }),
            Err(e) => {
                return Err((
                    n + 1,
                    column,
                    format!("not a public key in OpenSSH format ({e})"),
                ))
            }
        }
    }
    Ok(keys)
}

/// Format characters that reorder or hide text (bidi controls, zero
/// widths other than the emoji joiner, the BOM): none belongs in a name.
fn is_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200C}' | '\u{200E}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

/// Whether a line starts with a key type (`ssh-ed25519`, `ecdsa-sha2-…`,
/// `sk-…`) rather than options.
fn starts_with_key_type(line: &str) -> bool {
    let word = line.split_whitespace().next().unwrap_or_default();
    ["ssh-", "ecdsa-", "sk-"]
        .iter()
        .any(|p| word.starts_with(p))
}

/// Where the key starts after a line's options: past the first blank
/// outside double quotes (a backslash escapes a quote, as sshd reads them).
fn after_options(line: &str) -> Option<usize> {
    let (mut quoted, mut escaped) = (false, false);
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ' ' | '\t' if !quoted => {
                let rest = &line[i..];
                return Some(i + (rest.len() - rest.trim_start().len()));
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJVVGt166DjlDvfWSGuZjMIY27PPdl+UZqTaD/p0Ua6V 王小明@望花";

    #[test]
    fn keys_comments_and_blank_lines_are_read_and_options_refused() {
        let text = format!("# 望花區讀者\n\n{ALICE}\n\t{ALICE}\n");
        let keys = parse_authorized_keys(&text).unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].comment, "王小明@望花");
        assert_eq!(keys[0].key.key_data(), keys[1].key.key_data());
        // Options are refused, not ignored: from= and command= would be
        // promises serve does not keep.
        let text = format!("{ALICE}\n  from=\"10.0.0.1\",command=\"echo 你好 world\" {ALICE}\n");
        let (line, column, reason) = parse_authorized_keys(&text).unwrap_err();
        assert_eq!((line, column), (2, 3));
        assert!(
            reason.contains("from=\"10.0.0.1\"") && reason.contains("not supported"),
            "{reason}"
        );
    }

    #[test]
    fn a_comment_keeps_no_control_character() {
        let key = ALICE.rsplit_once(' ').unwrap().0;
        let text = format!("{key} 歐陽娜娜\x1b[31m紅\x07\u{202e}cba\u{200b}👩\u{200d}💻\n");
        let keys = parse_authorized_keys(&text).unwrap();
        // No escape, bell, bidi override or zero width space; the emoji
        // joiner stays.
        assert_eq!(keys[0].comment, "歐陽娜娜[31m紅cba👩\u{200d}💻");
    }

    #[test]
    fn a_bad_line_is_named_with_its_column() {
        let text = format!("{ALICE}\n  ssh-ed25519 不是金鑰 註解\n");
        let (line, column, reason) = parse_authorized_keys(&text).unwrap_err();
        assert_eq!((line, column), (2, 3), "{reason}");
        assert!(reason.contains("OpenSSH"), "{reason}");
    }

    #[test]
    fn the_host_key_is_made_once_private_and_read_again() {
        let dir = std::env::temp_dir().join(format!("re-hostkey-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("服務/host_ed25519");
        assert!(
            host_key(&path, false).is_err(),
            "a key given by name is never made"
        );
        let (made, new) = host_key(&path, true).unwrap();
        assert!(new);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (read, new) = host_key(&path, true).unwrap();
        assert!(!new);
        assert_eq!(
            fingerprint(made.public_key()),
            fingerprint(read.public_key())
        );
        assert!(fingerprint(read.public_key()).starts_with("SHA256:"));
        let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
        assert!(public.starts_with("ssh-ed25519 "), "{public}");
        std::fs::write(&path, "不是金鑰").unwrap();
        let e = host_key(&path, true).unwrap_err().to_string();
        assert!(e.contains("host_ed25519") && e.contains("OpenSSH"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
