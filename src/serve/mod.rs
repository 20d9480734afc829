//! `serve`: the reader over SSH, for anyone with an SSH client. russh and
//! tokio live here, at the edge: each shell is a [`session::Reader`] (the
//! same core, input parser and screen writer as the local terminal) that
//! the async code only feeds and reads.

pub mod session;

#[cfg(test)]
mod tests;
