//! Typed views of the most used data, as thin wrappers over a [`LoopTree`]: claims and
//! service lines of an 837 (with the teeth of a dental line), claim payments, service
//! payments and adjustments of an 835, the reviews of a 278, names (NM1) anywhere. Every
//! value is a slice of the input; nothing is copied.
//!
//! ```
//! let input = include_bytes!("../../examples/data/x12/837p_multi.x12");
//! let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
//! let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
//! let claim = tree.claims().next().unwrap();
//! assert_eq!(claim.id(), b"PATACCT1001");
//! assert_eq!(claim.total_charge(), Some(&b"285"[..]));
//! assert_eq!(claim.subscriber().unwrap().last_name(), Some(&b"DOE"[..]));
//! let charges: Vec<&[u8]> = claim.service_lines().filter_map(|l| l.charge()).collect();
//! assert_eq!(charges, [&b"160"[..], b"45", b"80"]);
//! # Ok::<(), x12::Error>(())
//! ```

use core::fmt;

use crate::loops::{Loop, LoopTree};
use crate::view::Segment;

fn value<'a>(s: &Segment<'_, 'a>, n: usize) -> Option<&'a [u8]> {
    s.element_raw(n).filter(|v| !v.is_empty())
}

fn component<'a>(s: &Segment<'_, 'a>, n: usize, c: usize) -> Option<&'a [u8]> {
    s.element(n)?.component(c).filter(|v| !v.is_empty())
}

/// A name segment (NM1): person or organisation, with its identifier.
#[derive(Clone, Copy)]
pub struct Name<'i, 'a>(Segment<'i, 'a>);

impl fmt::Debug for Name<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Name").field(&self.0).finish()
    }
}

impl<'i, 'a> Name<'i, 'a> {
    /// The NM1 segment, when `seg` is one.
    pub fn new(seg: Segment<'i, 'a>) -> Option<Self> {
        seg.is("NM1").then_some(Name(seg))
    }

    /// The segment.
    pub fn segment(&self) -> Segment<'i, 'a> {
        self.0
    }

    /// NM101, the entity identifier code (`IL` insured, `QC` patient, `85` billing
    /// provider, `PR` payer…).
    pub fn entity(&self) -> Option<&'a [u8]> {
        value(&self.0, 1)
    }

    /// Whether NM102 says the entity is a person (`1`) rather than an organisation (`2`).
    pub fn is_person(&self) -> bool {
        value(&self.0, 2) == Some(b"1")
    }

    /// NM103: a person's last name or an organisation's name.
    pub fn last_name(&self) -> Option<&'a [u8]> {
        value(&self.0, 3)
    }

    /// NM104, first name.
    pub fn first_name(&self) -> Option<&'a [u8]> {
        value(&self.0, 4)
    }

    /// NM105, middle name or initial.
    pub fn middle_name(&self) -> Option<&'a [u8]> {
        value(&self.0, 5)
    }

    /// NM107, name suffix.
    pub fn suffix(&self) -> Option<&'a [u8]> {
        value(&self.0, 7)
    }

    /// NM108, the identification code qualifier (`MI` member id, `XX` NPI, `PI` payer id…).
    pub fn id_qualifier(&self) -> Option<&'a [u8]> {
        value(&self.0, 8)
    }

    /// NM109, the identifier.
    pub fn id(&self) -> Option<&'a [u8]> {
        value(&self.0, 9)
    }
}

impl<'t, 'i, 'a> Loop<'t, 'i, 'a> {
    /// The name (NM1) heading this loop, or directly in it.
    pub fn entity(&self) -> Option<Name<'i, 'a>> {
        Name::new(self.header()).or_else(|| self.segment("NM1").and_then(Name::new))
    }

    /// The nearest enclosing (or this) loop with id `id`.
    fn up(&self, id: &str) -> Option<Loop<'t, 'i, 'a>> {
        core::iter::once(*self)
            .chain(self.ancestors())
            .find(|l| l.id() == id)
    }
}

/// A claim (837 loop 2300, headed by CLM).
#[derive(Clone, Copy, Debug)]
pub struct Claim<'t, 'i, 'a>(Loop<'t, 'i, 'a>);

impl<'t, 'i, 'a> Claim<'t, 'i, 'a> {
    /// The claim loop.
    pub fn loop_(&self) -> Loop<'t, 'i, 'a> {
        self.0
    }

    fn clm(&self) -> Segment<'i, 'a> {
        self.0.header()
    }

    /// CLM01, the patient control number (the provider's claim id).
    pub fn id(&self) -> &'a [u8] {
        value(&self.clm(), 1).unwrap_or_default()
    }

    /// CLM02, the total claim charge.
    pub fn total_charge(&self) -> Option<&'a [u8]> {
        value(&self.clm(), 2)
    }

    /// CLM05-1, the place of service (837P) or facility type (837I) code.
    pub fn facility_code(&self) -> Option<&'a [u8]> {
        component(&self.clm(), 5, 1)
    }

    /// CLM05-3, the claim frequency code (`1` original, `7` replacement, `8` void).
    pub fn frequency_code(&self) -> Option<&'a [u8]> {
        component(&self.clm(), 5, 3)
    }

    /// The subscriber (2010BA NM1) the claim is billed under.
    pub fn subscriber(&self) -> Option<Name<'i, 'a>> {
        self.0
            .up("2000B")?
            .children()
            .find(|l| l.id() == "2010BA")?
            .entity()
    }

    /// The patient: the 2010CA name when the claim is under a patient level (2000C), else
    /// the subscriber.
    pub fn patient(&self) -> Option<Name<'i, 'a>> {
        match self.0.up("2000C") {
            Some(p) => p.children().find(|l| l.id() == "2010CA")?.entity(),
            None => self.subscriber(),
        }
    }

    /// The service lines (loops 2400) in order.
    pub fn service_lines(&self) -> impl Iterator<Item = ServiceLine<'t, 'i, 'a>> + use<'t, 'i, 'a> {
        self.0
            .children()
            .filter(|l| l.id() == "2400")
            .map(ServiceLine)
    }
}

/// A service line (837 loop 2400: LX and one of SV1 professional, SV2 institutional, SV3
/// dental).
#[derive(Clone, Copy, Debug)]
pub struct ServiceLine<'t, 'i, 'a>(Loop<'t, 'i, 'a>);

impl<'t, 'i, 'a> ServiceLine<'t, 'i, 'a> {
    /// The service line loop.
    pub fn loop_(&self) -> Loop<'t, 'i, 'a> {
        self.0
    }

    /// LX01, the line number.
    pub fn number(&self) -> Option<&'a [u8]> {
        value(&self.0.header(), 1)
    }

    /// The SV1, SV2 or SV3 segment.
    pub fn service(&self) -> Option<Segment<'i, 'a>> {
        self.0
            .own_segments()
            .find(|s| s.is("SV1") || s.is("SV2") || s.is("SV3"))
    }

    /// The procedure code: SV101-2, SV202-2 or SV301-2.
    pub fn procedure_code(&self) -> Option<&'a [u8]> {
        let s = self.service()?;
        component(&s, if s.is("SV2") { 2 } else { 1 }, 2)
    }

    /// The line charge: SV102, SV203 or SV302.
    pub fn charge(&self) -> Option<&'a [u8]> {
        let s = self.service()?;
        value(&s, if s.is("SV2") { 3 } else { 2 })
    }

    /// The teeth a dental line (837D) treats: its TOO segments, in order.
    ///
    /// ```
    /// let input = include_bytes!("../../examples/data/x12/837d_multi.x12");
    /// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
    /// let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
    /// let filling = tree.claims().next().unwrap().service_lines().nth(2).unwrap();
    /// assert_eq!(filling.procedure_code(), Some(&b"D2150"[..]));
    /// let tooth = filling.teeth().next().unwrap();
    /// assert_eq!(tooth.number(), Some(&b"30"[..]));
    /// assert_eq!(tooth.surfaces().collect::<Vec<_>>(), [&b"M"[..], b"O"]);
    /// # Ok::<(), x12::Error>(())
    /// ```
    pub fn teeth(&self) -> impl Iterator<Item = Tooth<'i, 'a>> + use<'t, 'i, 'a> {
        self.0.own_segments().filter(|s| s.is("TOO")).map(Tooth)
    }

    /// SV304-1, the area of the oral cavity a dental line treats (`10` upper right
    /// quadrant, `00` entire oral cavity…).
    pub fn oral_cavity(&self) -> Option<&'a [u8]> {
        let s = self.service()?;
        if s.is("SV3") {
            component(&s, 4, 1)
        } else {
            None
        }
    }

    /// The units: SV104 or SV205 (`None` for dental lines).
    pub fn units(&self) -> Option<&'a [u8]> {
        let s = self.service()?;
        match s.id() {
            b"SV1" => value(&s, 4),
            b"SV2" => value(&s, 5),
            _ => None,
        }
    }
}

/// One tooth of a dental service line (TOO).
#[derive(Clone, Copy)]
pub struct Tooth<'i, 'a>(Segment<'i, 'a>);

impl fmt::Debug for Tooth<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Tooth").field(&self.0).finish()
    }
}

impl<'i, 'a> Tooth<'i, 'a> {
    /// The TOO segment.
    pub fn segment(&self) -> Segment<'i, 'a> {
        self.0
    }

    /// TOO01, the code list of the tooth number (`JP`: the universal national tooth
    /// designation system).
    pub fn code_list(&self) -> Option<&'a [u8]> {
        value(&self.0, 1)
    }

    /// TOO02, the tooth number (`1`–`32`, `A`–`T` for primary teeth).
    pub fn number(&self) -> Option<&'a [u8]> {
        value(&self.0, 2)
    }

    /// TOO03, the surfaces treated (`M` mesial, `O` occlusal, `D` distal, `B` buccal, `L`
    /// lingual, `F` facial, `I` incisal), in order.
    pub fn surfaces(&self) -> impl Iterator<Item = &'a [u8]> + use<'i, 'a> {
        self.0
            .element(3)
            .into_iter()
            .flat_map(|e| e.components())
            .filter(|c| !c.is_empty())
    }
}

/// One claim adjustment: CAS group code with one reason, amount and quantity triplet.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Adjustment<'a> {
    /// CAS01, the group code (`CO`, `PR`, `OA`, `PI`, `CR`).
    pub group: &'a [u8],
    /// The reason code (CAS02, 05, 08, 11, 14, 17).
    pub reason: &'a [u8],
    /// The amount (CAS03, 06, …).
    pub amount: &'a [u8],
    /// The quantity (CAS04, 07, …), when present.
    pub quantity: Option<&'a [u8]>,
}

impl fmt::Debug for Adjustment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Adjustment").finish_non_exhaustive()
    }
}

/// The adjustments of the CAS segments directly in a loop.
fn adjustments<'t, 'i, 'a>(
    l: Loop<'t, 'i, 'a>,
) -> impl Iterator<Item = Adjustment<'a>> + use<'t, 'i, 'a> {
    l.own_segments().filter(|s| s.is("CAS")).flat_map(|s| {
        let group = value(&s, 1).unwrap_or_default();
        (0..6).filter_map(move |k| {
            let at = 2 + 3 * k;
            Some(Adjustment {
                group,
                reason: value(&s, at)?,
                amount: value(&s, at + 1)?,
                quantity: value(&s, at + 2),
            })
        })
    })
}

/// A claim payment (835 loop 2100, headed by CLP).
#[derive(Clone, Copy, Debug)]
pub struct ClaimPayment<'t, 'i, 'a>(Loop<'t, 'i, 'a>);

impl<'t, 'i, 'a> ClaimPayment<'t, 'i, 'a> {
    /// The claim payment loop.
    pub fn loop_(&self) -> Loop<'t, 'i, 'a> {
        self.0
    }

    fn clp(&self, n: usize) -> Option<&'a [u8]> {
        value(&self.0.header(), n)
    }

    /// CLP01, the patient control number (CLM01 of the claim paid).
    pub fn claim_id(&self) -> &'a [u8] {
        self.clp(1).unwrap_or_default()
    }

    /// CLP02, the claim status code (`1` processed as primary, `4` denied…).
    pub fn status(&self) -> Option<&'a [u8]> {
        self.clp(2)
    }

    /// CLP03, the total charge.
    pub fn charge(&self) -> Option<&'a [u8]> {
        self.clp(3)
    }

    /// CLP04, the amount paid.
    pub fn paid(&self) -> Option<&'a [u8]> {
        self.clp(4)
    }

    /// CLP05, the patient responsibility.
    pub fn patient_responsibility(&self) -> Option<&'a [u8]> {
        self.clp(5)
    }

    /// CLP07, the payer claim control number.
    pub fn payer_claim_id(&self) -> Option<&'a [u8]> {
        self.clp(7)
    }

    /// The patient (NM1*QC).
    pub fn patient(&self) -> Option<Name<'i, 'a>> {
        self.0
            .own_segments()
            .filter_map(Name::new)
            .find(|n| n.entity() == Some(b"QC"))
    }

    /// Claim-level adjustments (CAS directly in loop 2100).
    pub fn adjustments(&self) -> impl Iterator<Item = Adjustment<'a>> + use<'t, 'i, 'a> {
        adjustments(self.0)
    }

    /// The service payments (loops 2110) in order.
    pub fn services(&self) -> impl Iterator<Item = ServicePayment<'t, 'i, 'a>> + use<'t, 'i, 'a> {
        self.0
            .children()
            .filter(|l| l.id() == "2110")
            .map(ServicePayment)
    }
}

/// A service payment (835 loop 2110, headed by SVC).
#[derive(Clone, Copy, Debug)]
pub struct ServicePayment<'t, 'i, 'a>(Loop<'t, 'i, 'a>);

impl<'t, 'i, 'a> ServicePayment<'t, 'i, 'a> {
    /// The service payment loop.
    pub fn loop_(&self) -> Loop<'t, 'i, 'a> {
        self.0
    }

    /// SVC01-2, the procedure code.
    pub fn procedure_code(&self) -> Option<&'a [u8]> {
        component(&self.0.header(), 1, 2)
    }

    /// SVC02, the line charge.
    pub fn charge(&self) -> Option<&'a [u8]> {
        value(&self.0.header(), 2)
    }

    /// SVC03, the line payment.
    pub fn paid(&self) -> Option<&'a [u8]> {
        value(&self.0.header(), 3)
    }

    /// Service-level adjustments (CAS in loop 2110).
    pub fn adjustments(&self) -> impl Iterator<Item = Adjustment<'a>> + use<'t, 'i, 'a> {
        adjustments(self.0)
    }
}

/// A request for review or its answer in a 278: a patient event (loop 2000E) or one of
/// its services (loop 2000F), each with its UM segment and, in a response, its HCR.
#[derive(Clone, Copy, Debug)]
pub struct Review<'t, 'i, 'a>(Loop<'t, 'i, 'a>);

impl<'t, 'i, 'a> Review<'t, 'i, 'a> {
    /// The review's loop (2000E or 2000F).
    pub fn loop_(&self) -> Loop<'t, 'i, 'a> {
        self.0
    }

    /// Whether this is a service (2000F) rather than a patient event (2000E).
    pub fn is_service(&self) -> bool {
        self.0.id() == "2000F"
    }

    fn um(&self, n: usize) -> Option<&'a [u8]> {
        value(&self.0.segment("UM")?, n)
    }

    fn hcr(&self, n: usize) -> Option<&'a [u8]> {
        value(&self.0.segment("HCR")?, n)
    }

    /// TRN02 of the first trace number: the requester's (TRN01 `1`) in a request, echoed
    /// (TRN01 `2`) in a response.
    pub fn trace_number(&self) -> Option<&'a [u8]> {
        value(&self.0.segment("TRN")?, 2)
    }

    /// UM01, the request category (`AR` admission review, `HS` health services review,
    /// `SC` specialty care review).
    pub fn category(&self) -> Option<&'a [u8]> {
        self.um(1)
    }

    /// UM02, the certification type (`I` initial, `R` renewal, `S` revised, `3` cancel…).
    pub fn certification_type(&self) -> Option<&'a [u8]> {
        self.um(2)
    }

    /// UM03, the service type code.
    pub fn service_type(&self) -> Option<&'a [u8]> {
        self.um(3)
    }

    /// HCR01, the reviewer's action (`A1` certified in total, `A3` not certified, `A4`
    /// pended, `A6` modified, `C` cancelled, `CT` contact payer…); `None` in a request.
    pub fn action(&self) -> Option<&'a [u8]> {
        self.hcr(1)
    }

    /// HCR02, the certification (authorization) number.
    pub fn certification_number(&self) -> Option<&'a [u8]> {
        self.hcr(2)
    }

    /// HCR03, the reason for the decision.
    pub fn decision_reason(&self) -> Option<&'a [u8]> {
        self.hcr(3)
    }

    /// The procedure code of a service: SV101-2, SV202-2 or SV301-2.
    pub fn procedure_code(&self) -> Option<&'a [u8]> {
        let s = self
            .0
            .own_segments()
            .find(|s| s.is("SV1") || s.is("SV2") || s.is("SV3"))?;
        component(&s, if s.is("SV2") { 2 } else { 1 }, 2)
    }

    /// The patient: the dependent (2010D) when the event is under a dependent level, else
    /// the subscriber (2010C).
    pub fn patient(&self) -> Option<Name<'i, 'a>> {
        let level = self.0.up("2000D").or_else(|| self.0.up("2000C"))?;
        level
            .children()
            .find(|l| l.id() == "2010D" || l.id() == "2010C")?
            .entity()
    }

    /// The services (2000F) of a patient event, in order; none for a service.
    pub fn services(&self) -> impl Iterator<Item = Review<'t, 'i, 'a>> + use<'t, 'i, 'a> {
        self.0.children().filter(|l| l.id() == "2000F").map(Review)
    }
}

impl<'i, 'a> LoopTree<'i, 'a> {
    /// The patient events of a 278 (loops 2000E), in order; their services through
    /// [`Review::services`].
    ///
    /// ```
    /// let input = include_bytes!("../../examples/data/x12/278_response.x12");
    /// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
    /// let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
    /// let event = tree.reviews().next().unwrap();
    /// assert_eq!(event.patient().unwrap().first_name(), Some(&b"TIMOTHY"[..]));
    /// assert_eq!((event.action(), event.certification_number()), (Some(&b"A6"[..]), Some(&b"AUTH778899"[..])));
    /// let decisions: Vec<_> = event.services().map(|s| (s.procedure_code(), s.action())).collect();
    /// assert_eq!(decisions, [(Some(&b"95004"[..]), Some(&b"A1"[..])), (Some(&b"95165"[..]), Some(&b"A3"[..]))]);
    /// let admission = tree.reviews().nth(1).unwrap();
    /// assert_eq!((admission.category(), admission.action()), (Some(&b"AR"[..]), Some(&b"CT"[..])));
    /// assert_eq!(admission.patient().unwrap().first_name(), Some(&b"JOHN"[..]));
    /// # Ok::<(), x12::Error>(())
    /// ```
    pub fn reviews(&self) -> impl Iterator<Item = Review<'_, 'i, 'a>> + '_ {
        self.find("2000E").map(Review)
    }

    /// The claims of an 837 (loops 2300), in order.
    pub fn claims(&self) -> impl Iterator<Item = Claim<'_, 'i, 'a>> + '_ {
        self.find("2300")
            .filter(|l| l.header().is("CLM"))
            .map(Claim)
    }

    /// The claim payments of an 835 (loops 2100 headed by CLP), in order.
    ///
    /// ```
    /// let input = include_bytes!("../../examples/data/x12/835_multi.x12");
    /// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
    /// let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
    /// let first = tree.claim_payments().next().unwrap();
    /// assert_eq!((first.claim_id(), first.paid()), (&b"PATACCT1001"[..], Some(&b"198.4"[..])));
    /// let adj: Vec<(&[u8], &[u8])> = first
    ///     .services()
    ///     .flat_map(|s| s.adjustments().map(|a| (a.group, a.amount)).collect::<Vec<_>>())
    ///     .collect();
    /// assert_eq!(adj[..2], [(&b"CO"[..], &b"21.6"[..]), (b"PR", b"30")]);
    /// # Ok::<(), x12::Error>(())
    /// ```
    pub fn claim_payments(&self) -> impl Iterator<Item = ClaimPayment<'_, 'i, 'a>> + '_ {
        self.find("2100")
            .filter(|l| l.header().is("CLP"))
            .map(ClaimPayment)
    }

    /// The subscribers' names: 2010BA (837), 2100C (270/271), 2010C (278), 2100A (834).
    ///
    /// ```
    /// let input = include_bytes!("../../examples/data/x12/270_271.x12");
    /// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
    /// let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
    /// let s = tree.subscribers().next().unwrap();
    /// assert_eq!((s.first_name(), s.id()), (Some(&b"MARY"[..]), Some(&b"XYZ555666777"[..])));
    /// # Ok::<(), x12::Error>(())
    /// ```
    pub fn subscribers(&self) -> impl Iterator<Item = Name<'i, 'a>> + '_ {
        let id = match self.guide().transaction_set() {
            "837" => "2010BA",
            "270" | "271" => "2100C",
            "278" => "2010C",
            "834" => "2100A",
            _ => "",
        };
        self.find(id).filter_map(|l| l.entity())
    }
}
