//! Text measurement and line breaking for Chinese text in a terminal.

pub mod clusters;
pub mod script;
pub mod width;
pub mod wrap;

pub use width::{char_width, cluster_width, clusters, fit, str_width, truncate, AmbiWidth};
pub use wrap::{wrap, Wrap};
