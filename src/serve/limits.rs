//! How many connections the server holds: in all, and from one address.
//! A connection takes a [`Slot`] when it is accepted and gives it back
//! when it ends (the slot is dropped), whatever way it ends.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

/// Why a connection was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    /// `--max-sessions` connections are open.
    Total(usize),
    /// `--max-per-ip` connections are open from this address.
    PerIp(usize),
}

impl std::fmt::Display for Full {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Full::Total(n) => write!(f, "the server is full ({n} sessions); try again later"),
            Full::PerIp(n) => write!(
                f,
                "too many sessions from your address ({n}); close one and try again"
            ),
        }
    }
}

/// The open connections, counted.
#[derive(Debug, Clone)]
pub struct Limits {
    max_total: usize,
    max_per_ip: usize,
    open: Arc<Mutex<Open>>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    by_ip: HashMap<IpAddr, usize>,
}

/// One admitted connection; dropping it frees its place.
#[derive(Debug)]
pub struct Slot {
    ip: IpAddr,
    open: Arc<Mutex<Open>>,
}

impl Limits {
    /// At most `max_total` connections, and `max_per_ip` from one address.
    pub fn new(max_total: usize, max_per_ip: usize) -> Limits {
        Limits {
            max_total,
            max_per_ip,
            open: Arc::default(),
        }
    }

    /// Admit a connection from `ip`, or say why not.
    pub fn admit(&self, ip: IpAddr) -> Result<Slot, Full> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.total >= self.max_total {
            return Err(Full::Total(self.max_total));
        }
        let from = open.by_ip.get(&ip).copied().unwrap_or(0);
        if from >= self.max_per_ip {
            return Err(Full::PerIp(self.max_per_ip));
        }
        open.total += 1;
        open.by_ip.insert(ip, from + 1);
        Ok(Slot {
            ip,
            open: Arc::clone(&self.open),
        })
    }

    /// How many connections are open.
    pub fn open(&self) -> usize {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .total
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.by_ip.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.by_ip.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_counted_in_all_and_by_address_and_given_back() {
        let limits = Limits::new(3, 2);
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        let a1 = limits.admit(a).unwrap();
        let _a2 = limits.admit(a).unwrap();
        assert_eq!(limits.admit(a).unwrap_err(), Full::PerIp(2));
        let _b1 = limits.admit(b).unwrap();
        assert_eq!(limits.admit(b).unwrap_err(), Full::Total(3));
        drop(a1);
        assert_eq!(limits.open(), 2);
        let _a3 = limits.admit(a).unwrap();
        assert!(Full::Total(200).to_string().contains("full"));
    }
}
