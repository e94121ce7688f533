//! Discord's ids as distinct types in the core, so a channel id cannot be passed where a user id
//! is wanted. Discord-free: the adapter in [`crate::discord`] converts serenity's ids with
//! `.get()`.
//!
//! Each is a plain `u64` underneath: it serialises as the bare number (session state JSON written
//! before these types existed reads unchanged) and displays as one (mentions, links, nonces).
//! "No such id" is an `Option`, never 0.

use std::{fmt, num::ParseIntError, str::FromStr};

use serde::{Deserialize, Serialize};

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(u64);

        impl $name {
            pub const fn new(id: u64) -> Self {
                Self(id)
            }

            pub const fn get(self) -> u64 {
                self.0
            }
        }

        impl From<u64> for $name {
            fn from(id: u64) -> Self {
                Self(id)
            }
        }

        impl From<$name> for u64 {
            fn from(id: $name) -> u64 {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }
    )*};
}

ids! {
    /// A Discord server.
    GuildId;
    /// A Discord channel (text, voice, category, ...).
    ChannelId;
    /// A Discord user.
    UserId;
    /// A Discord role; a server's @everyone role has the server's id.
    RoleId;
    /// A posted Discord message.
    MessageId;
    /// A stored reminder's global id (not the per-server number admins type).
    ReminderId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_bare_numbers_in_json_and_text() {
        let id = UserId::new(1_100_000_000_000_000_013);
        assert_eq!(serde_json::to_string(&id).unwrap(), "1100000000000000013");
        assert_eq!(
            serde_json::from_str::<UserId>("1100000000000000013").unwrap(),
            id
        );
        assert_eq!(id.to_string(), "1100000000000000013");
        assert_eq!("1100000000000000013".parse::<UserId>(), Ok(id));
        assert_eq!(u64::from(id), id.get());
        assert_eq!(UserId::from(id.get()), id);
    }
}
