//! Pure domain rules of xaphuong. Nothing here touches a file, a database or
//! the network, so every rule is tested on its own and fast.

pub mod access;
pub mod audit;
pub mod calendar;
pub mod error;
pub mod indicators;
pub mod numbers;
pub mod registers;
pub mod text;
pub mod throttle;
pub mod units;
pub mod users;
pub mod words;

pub use error::{FieldError, Invalid};
