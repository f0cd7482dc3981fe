//! Any of the spec's webhooks as one typed value, chosen by the webhook's name.

use airudder_models::{
    Webhook, WorkflowListCompletedNotification, WorkflowStatusChangedNotification,
};

use crate::{BodyLimit, WebhookError, parse};

/// Declares `Notification` from one `Variant(PayloadType)` line per webhook, so the enum, its
/// names and the dispatch cannot drift apart. The generated catalog (`airudder_models::WEBHOOKS`)
/// only knows payloads as untyped JSON, so the typed list lives here; a test fails when it and
/// the catalog disagree.
macro_rules! notifications {
    ($($variant:ident($payload:ty)),+ $(,)?) => {
        /// A notification of any webhook of the spec, typed.
        ///
        /// Non-exhaustive: a webhook added to the spec adds a variant.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Notification {
            $(
                #[doc = concat!("A [`", stringify!($payload), "`].")]
                $variant($payload),
            )+
        }

        impl Notification {
            /// The name of every webhook, in the spec's order.
            pub const NAMES: &'static [&'static str] = &[$(<$payload as Webhook>::NAME),+];

            /// The webhook's name in the spec (`"workflowStatusChanged"`).
            pub fn name(&self) -> &'static str {
                match self {
                    $(Notification::$variant(_) => <$payload as Webhook>::NAME,)+
                }
            }

            fn parse_named(name: &str, body: &[u8], limit: BodyLimit) -> Result<Self, WebhookError> {
                $(
                    if name == <$payload as Webhook>::NAME {
                        return parse::<$payload>(body, limit).map(Notification::$variant);
                    }
                )+
                Err(WebhookError::UnknownWebhook { name: name.to_owned() })
            }
        }

        // Serializes the payload alone, as it was on the wire, so a `Notification` fingerprints
        // like its payload (see `Deduplicator::fingerprint_of`).
        impl serde::Serialize for Notification {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Notification::$variant(payload) => payload.serialize(serializer),)+
                }
            }
        }

        $(
            impl From<$payload> for Notification {
                fn from(payload: $payload) -> Self {
                    Notification::$variant(payload)
                }
            }
        )+
    };
}

notifications! {
    WorkflowListCompleted(WorkflowListCompletedNotification),
    WorkflowStatusChanged(WorkflowStatusChangedNotification),
}

/// Parses the body of the webhook called `name` in the spec (`"workflowStatusChanged"`), for a
/// receiver that serves every webhook from one route such as `/webhooks/{name}`.
pub fn parse_named(
    name: &str,
    body: &[u8],
    limit: BodyLimit,
) -> Result<Notification, WebhookError> {
    Notification::parse_named(name, body, limit)
}
