//! Message metadata from the MSH segment.

use crate::error::Error;
use crate::message::Message;
use crate::time::Timestamp;

/// MSH-9: message code, trigger event and message structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MessageType<'a> {
    /// MSH-9.1, e.g. `ADT`.
    pub code: &'a str,
    /// MSH-9.2, e.g. `A01` (empty when absent).
    pub trigger: &'a str,
    /// MSH-9.3, e.g. `ADT_A01` (empty when absent; older versions do not send it).
    pub structure: &'a str,
}

fn ascii(v: &[u8]) -> Option<&str> {
    if v.is_ascii() {
        core::str::from_utf8(v).ok()
    } else {
        None
    }
}

impl<'a> Message<'a> {
    fn msh_component(&self, field: usize, comp: usize) -> Option<&'a [u8]> {
        let f = self.segment(0)?.field(field)?;
        Some(f.component(comp)?.raw())
    }

    fn msh_ascii(&self, field: usize, comp: usize) -> Option<&'a str> {
        self.msh_component(field, comp)
            .and_then(ascii)
            .filter(|s| !s.is_empty())
    }

    /// MSH-9 (message code, trigger, structure). `None` when MSH-9.1 is empty or not ASCII.
    pub fn message_type(&self) -> Option<MessageType<'a>> {
        Some(MessageType {
            code: self.msh_ascii(9, 1)?,
            trigger: self.msh_ascii(9, 2).unwrap_or(""),
            structure: self.msh_ascii(9, 3).unwrap_or(""),
        })
    }

    /// MSH-3.1, the sending application.
    pub fn sending_application(&self) -> Option<&'a str> {
        self.msh_ascii(3, 1)
    }

    /// MSH-4.1, the sending facility.
    pub fn sending_facility(&self) -> Option<&'a str> {
        self.msh_ascii(4, 1)
    }

    /// MSH-10, the message control id (`None` when empty or not ASCII).
    pub fn control_id(&self) -> Option<&'a str> {
        self.msh_ascii(10, 1)
    }

    /// MSH-11.1, the processing id (`P`, `T`, `D`).
    pub fn processing_id(&self) -> Option<&'a str> {
        self.msh_ascii(11, 1)
    }

    /// MSH-12.1, the version id (e.g. `2.5.1`).
    pub fn version(&self) -> Option<&'a str> {
        self.msh_ascii(12, 1)
    }

    /// MSH-7, the message date/time, with its precision and offset. `None` when empty.
    pub fn timestamp(&self) -> Option<Result<Timestamp, Error>> {
        let f = self.segment(0)?.field(7)?;
        if f.is_empty() {
            return None;
        }
        Some(f.timestamp())
    }
}
