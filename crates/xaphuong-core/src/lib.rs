//! Pure domain rules of xaphuong. Nothing here touches a file, a database or
//! the network, so every rule is tested on its own and fast.

/// An enum of codes stored in the database, each with its Vietnamese label.
macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$m])*
        // JSON (the API, the audit trail) names each value by the code it
        // is stored under: one name per value everywhere.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $code)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|x| x.as_str() == s)
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Every label, for a message that says what may be written.
            pub fn labels() -> String {
                Self::ALL
                    .iter()
                    .map(|x| format!("«{}»", x.label()))
                    .collect::<Vec<_>>()
                    .join(", ")
            }

            /// The value an officer wrote in a file: its code, or its
            /// label with or without diacritics.
            pub fn read(s: &str) -> Option<Self> {
                let key = $crate::text::fold(s);
                Self::ALL
                    .iter()
                    .copied()
                    .find(|x| x.as_str() == s.trim() || $crate::text::fold(x.label()) == key)
            }
        }

        impl $crate::Coded for $name {
            const NAME: &'static str = stringify!($name);
            fn from_code(s: &str) -> Option<Self> {
                Self::parse(s)
            }
        }
    };
}

/// A value stored as a code (every `named_enum!`), so that the store can
/// refuse a stored code it does not know instead of guessing.
pub trait Coded: Sized {
    /// The type's name, for the message about a code it does not know.
    const NAME: &'static str;
    fn from_code(s: &str) -> Option<Self>;
}

pub mod access;
pub mod activities;
pub mod audit;
pub mod budget;
pub mod businesses;
pub mod calendar;
mod checks;
pub mod cooperatives;
pub mod error;
pub mod handovers;
pub mod households;
pub mod import;
pub mod indicators;
pub mod inspections;
pub mod numbers;
pub mod onestop;
pub mod petitions;
pub mod problems;
pub mod recruitment;
pub mod reorganisations;
pub mod resolutions;
pub mod spending;
pub mod tax;
pub mod text;
pub mod throttle;
pub mod units;
pub mod users;
pub mod violations;
pub mod webhooks;
pub mod words;
pub mod works;

pub use error::{FieldError, Invalid};

/// Every value's stored code reads back as the value.
#[cfg(test)]
fn assert_codes_read_back<T: Copy + PartialEq + std::fmt::Debug>(
    all: &[T],
    code: fn(T) -> &'static str,
    parse: fn(&str) -> Option<T>,
) {
    for &x in all {
        assert_eq!(parse(code(x)), Some(x));
    }
}

#[cfg(test)]
mod tests {
    use super::households::poverty::{Area, Class, ReviewStep, Transition};

    /// Every value's JSON name is its stored code, and reads back.
    fn json_is_code<T>(all: &[T], code: fn(T) -> &'static str)
    where
        T: Copy + PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
    {
        for &x in all {
            let json = serde_json::to_value(x).unwrap();
            assert_eq!(json, serde_json::Value::from(code(x)), "{x:?}");
            assert_eq!(serde_json::from_value::<T>(json).unwrap(), x);
        }
    }

    #[test]
    fn json_names_are_the_stored_codes() {
        // The values whose code differs from their Rust name.
        json_is_code(Class::ALL, Class::as_str);
        json_is_code(Transition::ALL, Transition::as_str);
        json_is_code(ReviewStep::ALL, ReviewStep::as_str);
        json_is_code(Area::ALL, Area::as_str);
        json_is_code(
            crate::violations::State::ALL,
            crate::violations::State::as_str,
        );
        json_is_code(
            crate::onestop::lifecycle::Status::ALL,
            crate::onestop::lifecycle::Status::as_str,
        );
    }
}
