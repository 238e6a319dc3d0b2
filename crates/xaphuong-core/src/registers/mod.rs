//! The ward's registers: the rules of each.

pub mod handovers;
pub mod violations;
