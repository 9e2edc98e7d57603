//! Notifications: every event that needs someone. Each is shown in the app (translated there by its kind) and,
//! when the person wants, e-mailed (English text made here).

use super::mail::Mail;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    RequestReceived,
    RequestToMatch,
    Matched,
    Accepted,
    Declined,
    InfoRequested,
    InfoGiven,
    Expired,
    Withdrawn,
    Completed,
    Cancelled,
    Reopened,
    GroupInvited,
    GroupStarted,
    GroupDissolved,
    RollApplication,
    RollDecided,
    ContractProposed,
    ContractSigned,
    ContractInForce,
    ContractReturned,
    ContractUnsigned,
    GoalAgreed,
    GoalAchieved,
    ObjectiveOverdue,
    SessionPlanned,
    SessionChanged,
    SessionCancelled,
    SessionSoon,
    DiaryYours,
    DiarySubmitted,
    DiaryCommented,
    DiaryMissing,
    CoordinatorChanged,
    StageChanged,
    SessionProposed,
    ProposalAnswered,
    /// The members, with the concrete next step (the note is the health rule's name).
    HealthNudge,
    /// The coordinator: the project is at risk (the note names the rules).
    HealthAtRisk,
    /// Every community admin: the project is stalled, or at risk and unacknowledged for two weeks.
    HealthEscalated,
    /// The coordinator: a member asked for help (the text stays in Tandem).
    HelpRequested,
    /// A member is asked to answer an evaluation form (and reminded after 7, 14 and 21 days).
    EvaluationRequested,
    EvaluationReminder,
    /// "Are we well matched?": asked of each member in the first stage after the second session.
    FitCheck,
    /// The coordinator: a mentee shared (sections of) the final report.
    ReportShared,
    /// The members: their coordinator wrote to the project (the note is the message), or proposes a check-in.
    CoordinatorMessage,
    CheckInProposed,
    /// The members: the project is on hold until a date (the note), or back from hold.
    ProjectOnHold,
    ProjectResumed,
    /// Discussion rooms: a reply in a thread followed; a mention; a post hidden (its author, with the reason); a post
    /// reported (the room's moderators); banned from writing in a room (with the reason).
    RoomReply,
    RoomMention,
    RoomPostHidden,
    RoomReported,
    RoomBanned,
}

impl Kind {
    /// Every kind (to read one back from its name).
    pub const ALL: [Kind; 54] = [Kind::RequestReceived, Kind::RequestToMatch, Kind::Matched, Kind::Accepted, Kind::Declined, Kind::InfoRequested, Kind::InfoGiven, Kind::Expired, Kind::Withdrawn, Kind::Completed, Kind::Cancelled, Kind::Reopened, Kind::GroupInvited, Kind::GroupStarted, Kind::GroupDissolved, Kind::RollApplication, Kind::RollDecided, Kind::ContractProposed, Kind::ContractSigned, Kind::ContractInForce, Kind::ContractReturned, Kind::ContractUnsigned, Kind::GoalAgreed, Kind::GoalAchieved, Kind::ObjectiveOverdue, Kind::SessionPlanned, Kind::SessionChanged, Kind::SessionCancelled, Kind::SessionSoon, Kind::DiaryYours, Kind::DiarySubmitted, Kind::DiaryCommented, Kind::DiaryMissing, Kind::CoordinatorChanged, Kind::StageChanged, Kind::SessionProposed, Kind::ProposalAnswered, Kind::HealthNudge, Kind::HealthAtRisk, Kind::HealthEscalated, Kind::HelpRequested, Kind::EvaluationRequested, Kind::EvaluationReminder, Kind::FitCheck, Kind::ReportShared, Kind::CoordinatorMessage, Kind::CheckInProposed, Kind::ProjectOnHold, Kind::ProjectResumed, Kind::RoomReply, Kind::RoomMention, Kind::RoomPostHidden, Kind::RoomReported, Kind::RoomBanned];

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::RequestReceived => "request_received",
            Kind::RequestToMatch => "request_to_match",
            Kind::Matched => "matched",
            Kind::Accepted => "accepted",
            Kind::Declined => "declined",
            Kind::InfoRequested => "info_requested",
            Kind::InfoGiven => "info_given",
            Kind::Expired => "expired",
            Kind::Withdrawn => "withdrawn",
            Kind::Completed => "completed",
            Kind::Cancelled => "cancelled",
            Kind::Reopened => "reopened",
            Kind::GroupInvited => "group_invited",
            Kind::GroupStarted => "group_started",
            Kind::GroupDissolved => "group_dissolved",
            Kind::RollApplication => "roll_application",
            Kind::RollDecided => "roll_decided",
            Kind::ContractProposed => "contract_proposed",
            Kind::ContractSigned => "contract_signed",
            Kind::ContractInForce => "contract_in_force",
            Kind::ContractReturned => "contract_returned",
            Kind::ContractUnsigned => "contract_unsigned",
            Kind::GoalAgreed => "goal_agreed",
            Kind::GoalAchieved => "goal_achieved",
            Kind::ObjectiveOverdue => "objective_overdue",
            Kind::SessionPlanned => "session_planned",
            Kind::SessionChanged => "session_changed",
            Kind::SessionCancelled => "session_cancelled",
            Kind::SessionSoon => "session_soon",
            Kind::DiaryYours => "diary_yours",
            Kind::DiarySubmitted => "diary_submitted",
            Kind::DiaryCommented => "diary_commented",
            Kind::DiaryMissing => "diary_missing",
            Kind::CoordinatorChanged => "coordinator_changed",
            Kind::StageChanged => "stage_changed",
            Kind::SessionProposed => "session_proposed",
            Kind::ProposalAnswered => "proposal_answered",
            Kind::HealthNudge => "health_nudge",
            Kind::HealthAtRisk => "health_at_risk",
            Kind::HealthEscalated => "health_escalated",
            Kind::HelpRequested => "help_requested",
            Kind::EvaluationRequested => "evaluation_requested",
            Kind::EvaluationReminder => "evaluation_reminder",
            Kind::FitCheck => "fit_check",
            Kind::ReportShared => "report_shared",
            Kind::CoordinatorMessage => "coordinator_message",
            Kind::CheckInProposed => "check_in_proposed",
            Kind::ProjectOnHold => "project_on_hold",
            Kind::ProjectResumed => "project_resumed",
            Kind::RoomReply => "room_reply",
            Kind::RoomMention => "room_mention",
            Kind::RoomPostHidden => "room_post_hidden",
            Kind::RoomReported => "room_reported",
            Kind::RoomBanned => "room_banned",
        }
    }

    fn sentence_it(self, title: &str) -> String {
        match self {
            Kind::RequestReceived => format!("Ti è stato chiesto di fare da mentore per «{title}». Accetta, rifiuta o chiedi più informazioni."),
            Kind::RequestToMatch => format!("La richiesta di mentoring «{title}» aspetta di essere abbinata a un mentore."),
            Kind::Matched => format!("La tua richiesta «{title}» è stata abbinata a un mentore, a cui è chiesto di accettare."),
            Kind::Accepted => format!("Il tuo mentore ha accettato «{title}»: il mentoring è iniziato."),
            Kind::Declined => format!("Il mentore ha rifiutato «{title}»."),
            Kind::InfoRequested => format!("Il mentore chiede più informazioni su «{title}»."),
            Kind::InfoGiven => format!("Il mentee ha risposto alla tua domanda su «{title}»."),
            Kind::Expired => format!("Nessuno ha risposto alla richiesta «{title}» in tempo, quindi è tornata indietro."),
            Kind::Withdrawn => format!("Il mentee ha ritirato la richiesta «{title}»."),
            Kind::Completed => format!("Il mentoring «{title}» è segnato come concluso."),
            Kind::Cancelled => format!("Il mentoring «{title}» è stato annullato."),
            Kind::Reopened => format!("Il mentoring «{title}» è stato riaperto."),
            Kind::GroupInvited => format!("Sei invitato al gruppo di mentoring «{title}». Accetta o rifiuta."),
            Kind::GroupStarted => format!("Il gruppo di mentoring «{title}» è partito."),
            Kind::GroupDissolved => format!("Il gruppo di mentoring «{title}» non partirà."),
            Kind::RollApplication => format!("{title} si è candidato all'Albo dei mentori."),
            Kind::RollDecided => format!("Il supervisore ha deciso sulla tua candidatura all'Albo dei mentori di {title}."),
            Kind::ContractProposed => format!("Il contratto di «{title}» aspetta la tua firma: leggilo e firmalo, o restituiscilo con un motivo."),
            Kind::ContractSigned => format!("Qualcuno ha firmato il contratto di «{title}»."),
            Kind::ContractInForce => format!("Tutti hanno firmato: il contratto di «{title}» è in vigore. Una copia è nei documenti del progetto."),
            Kind::ContractReturned => format!("Il contratto di «{title}» è stato restituito con un motivo: modifica la bozza e proponila di nuovo."),
            Kind::ContractUnsigned => format!("Il contratto di «{title}» aspetta ancora la tua firma."),
            Kind::GoalAgreed => format!("Un obiettivo di «{title}» è stato concordato: programma il suo primo traguardo."),
            Kind::GoalAchieved => format!("Un obiettivo di «{title}» è stato raggiunto."),
            Kind::ObjectiveOverdue => format!("Un traguardo di «{title}» ha superato la sua data: segnalo come fatto o dagli una nuova data."),
            Kind::SessionPlanned => format!("È stata programmata una sessione di «{title}»: controlla l'orario nel tuo fuso."),
            Kind::SessionChanged => format!("Una sessione di «{title}» è stata spostata: controlla il nuovo orario."),
            Kind::SessionCancelled => format!("Una sessione di «{title}» è stata annullata."),
            Kind::SessionSoon => format!("Una sessione di «{title}» inizia tra circa 24 ore."),
            Kind::DiaryYours => format!("Scrivi tu il diario della prossima sessione di «{title}»."),
            Kind::DiarySubmitted => format!("È stato consegnato un diario di «{title}»: leggilo e aggiungi il tuo commento."),
            Kind::DiaryCommented => format!("Il mentore ha commentato il tuo diario in «{title}»."),
            Kind::DiaryMissing => format!("Manca ancora il diario di una sessione di «{title}» svoltasi tre giorni fa: compilalo, per favore."),
            Kind::CoordinatorChanged => format!("Il coordinatore di «{title}» è cambiato."),
            Kind::StageChanged => format!("«{title}» è passato alla fase successiva."),
            Kind::SessionProposed => format!("Un mentee di «{title}» propone di cambiare una sessione: accetta o rifiuta."),
            Kind::ProposalAnswered => format!("Il mentore ha risposto alla tua proposta di cambiare una sessione di «{title}»."),
            Kind::HealthNudge => format!("«{title}» ha bisogno di un passo avanti."),
            Kind::HealthAtRisk => format!("«{title}» è a rischio: guarda perché e decidi cosa fare."),
            Kind::HealthEscalated => format!("«{title}» ha bisogno dell'attenzione degli amministratori della comunità."),
            Kind::HelpRequested => format!("Un membro di «{title}» ti chiede aiuto: apri Tandem per leggere la richiesta."),
            Kind::EvaluationRequested => format!("Com'è andato «{title}»? Rispondi al questionario di valutazione."),
            Kind::EvaluationReminder => format!("Promemoria: il questionario di valutazione di «{title}» aspetta le tue risposte."),
            Kind::FitCheck => format!("Dopo le prime sessioni di «{title}»: vi sentite ben abbinati? Rispondi in privato al coordinatore."),
            Kind::ReportShared => format!("Un mentee di «{title}» ha condiviso con te il rapporto finale."),
            Kind::CoordinatorMessage => format!("Il coordinatore ha scritto a «{title}»."),
            Kind::CheckInProposed => format!("Il coordinatore propone una sessione di verifica per «{title}»: il mentore la pianifica."),
            Kind::ProjectOnHold => format!("«{title}» è in pausa fino alla data qui sotto; la chat resta aperta."),
            Kind::ProjectResumed => format!("«{title}» riprende: la pausa è finita."),
            Kind::RoomReply => format!("C'è una nuova risposta in «{title}»."),
            Kind::RoomMention => format!("Ti hanno menzionato in «{title}»."),
            Kind::RoomPostHidden => format!("Un moderatore ha nascosto un tuo messaggio in «{title}», con il motivo qui sotto."),
            Kind::RoomReported => format!("Un messaggio in «{title}» è stato segnalato ai moderatori."),
            Kind::RoomBanned => format!("Per ora non puoi scrivere nella stanza «{title}», per il motivo qui sotto."),
        }
    }

    fn sentence(self, title: &str) -> String {
        match self {
            Kind::RequestReceived => format!("You have been asked to mentor \"{title}\". Please accept, decline or ask for more information."),
            Kind::RequestToMatch => format!("The mentoring request \"{title}\" is waiting to be matched with a mentor."),
            Kind::Matched => format!("Your request \"{title}\" has been matched with a mentor, who has been asked to accept."),
            Kind::Accepted => format!("Your mentor accepted \"{title}\": the mentoring has started."),
            Kind::Declined => format!("The mentor declined \"{title}\"."),
            Kind::InfoRequested => format!("The mentor asks for more information about \"{title}\"."),
            Kind::InfoGiven => format!("The mentee answered your question about \"{title}\"."),
            Kind::Expired => format!("Nobody answered the request \"{title}\" in time, so it has come back."),
            Kind::Withdrawn => format!("The mentee withdrew the request \"{title}\"."),
            Kind::Completed => format!("The mentoring \"{title}\" has been marked completed."),
            Kind::Cancelled => format!("The mentoring \"{title}\" has been cancelled."),
            Kind::Reopened => format!("The mentoring \"{title}\" has been reopened."),
            Kind::GroupInvited => format!("You are invited to the mentoring group \"{title}\". Please accept or decline."),
            Kind::GroupStarted => format!("The mentoring group \"{title}\" has started."),
            Kind::GroupDissolved => format!("The mentoring group \"{title}\" will not start."),
            Kind::RollApplication => format!("{title} applied to the Roll of Mentors."),
            Kind::RollDecided => format!("The supervisor decided on your application to the Roll of Mentors of {title}."),
            Kind::ContractProposed => format!("A contract for \"{title}\" is waiting for your signature: read it and sign it, or return it with a reason."),
            Kind::ContractSigned => format!("Someone signed the contract of \"{title}\"."),
            Kind::ContractInForce => format!("Everyone signed: the contract of \"{title}\" is in force. A copy is in the project's documents."),
            Kind::ContractReturned => format!("The contract of \"{title}\" was returned with a reason: change the draft and propose it again."),
            Kind::ContractUnsigned => format!("The contract of \"{title}\" still waits for your signature."),
            Kind::GoalAgreed => format!("A goal of \"{title}\" was agreed: plan its first objective."),
            Kind::GoalAchieved => format!("A goal of \"{title}\" was marked achieved."),
            Kind::ObjectiveOverdue => format!("An objective in \"{title}\" is past its due date: mark it done or give it a new date."),
            Kind::SessionPlanned => format!("A session of \"{title}\" was planned: check the time in your zone."),
            Kind::SessionChanged => format!("A session of \"{title}\" was moved: check the new time."),
            Kind::SessionCancelled => format!("A session of \"{title}\" was cancelled."),
            Kind::SessionSoon => format!("A session of \"{title}\" starts in about 24 hours."),
            Kind::DiaryYours => format!("You fill in the diary of the next session of \"{title}\"."),
            Kind::DiarySubmitted => format!("A diary of \"{title}\" was submitted: read it and add your comment."),
            Kind::DiaryCommented => format!("The mentor commented on your diary in \"{title}\"."),
            Kind::DiaryMissing => format!("The diary of a session held three days ago in \"{title}\" is still missing: please fill it in."),
            Kind::CoordinatorChanged => format!("The coordinator of \"{title}\" changed."),
            Kind::StageChanged => format!("\"{title}\" moved to its next stage."),
            Kind::SessionProposed => format!("A mentee of \"{title}\" proposes a change to a session: accept it or reject it."),
            Kind::ProposalAnswered => format!("The mentor answered your proposed change to a session of \"{title}\"."),
            Kind::HealthNudge => format!("\"{title}\" needs a step forward."),
            Kind::HealthAtRisk => format!("\"{title}\" is at risk: see why and decide what to do."),
            Kind::HealthEscalated => format!("\"{title}\" needs the community admins' attention."),
            Kind::HelpRequested => format!("A member of \"{title}\" asks you for help: open Tandem to read the request."),
            Kind::EvaluationRequested => format!("How did \"{title}\" go? Please answer its evaluation form."),
            Kind::EvaluationReminder => format!("A reminder: the evaluation form of \"{title}\" is waiting for your answers."),
            Kind::FitCheck => format!("After your first sessions of \"{title}\": are you well matched? Tell the coordinator privately."),
            Kind::ReportShared => format!("A mentee of \"{title}\" shared the final report with you."),
            Kind::CoordinatorMessage => format!("The coordinator wrote to \"{title}\"."),
            Kind::CheckInProposed => format!("The coordinator proposes a check-in session for \"{title}\": the mentor plans it."),
            Kind::ProjectOnHold => format!("\"{title}\" is on hold until the date below; the chat stays open."),
            Kind::ProjectResumed => format!("\"{title}\" is back from hold."),
            Kind::RoomReply => format!("There is a new reply in \"{title}\"."),
            Kind::RoomMention => format!("You were mentioned in \"{title}\"."),
            Kind::RoomPostHidden => format!("A moderator hid one of your posts in \"{title}\", for the reason below."),
            Kind::RoomReported => format!("A post in \"{title}\" was reported to the moderators."),
            Kind::RoomBanned => format!("For now you cannot write in the room \"{title}\", for the reason below."),
        }
    }
}

/// What a notification is about: each kind belongs to one topic, and each person says per topic how they want to
/// hear of it (by e-mail at once, in their digest, or only in Tandem).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// Requests, matching and each project's life (accepted, completed, groups).
    Requests,
    /// The Roll of Mentors: applications and decisions.
    Roll,
    /// The process: contract, goals, stages, coordinator.
    Process,
    /// Sessions and their diaries.
    Sessions,
    /// Care: health, help, evaluations, the coordinator's messages, holds.
    Care,
    /// Discussion rooms: replies in threads followed, mentions.
    Rooms,
    /// Moderation in the rooms: hidden posts, reports, bans.
    Moderation,
}

impl Topic {
    pub const ALL: [Topic; 7] = [Topic::Requests, Topic::Roll, Topic::Process, Topic::Sessions, Topic::Care, Topic::Rooms, Topic::Moderation];
    pub const NAMES: &'static [&'static str] = &["requests", "roll", "process", "sessions", "care", "rooms", "moderation"];
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Requests => "requests",
            Topic::Roll => "roll",
            Topic::Process => "process",
            Topic::Sessions => "sessions",
            Topic::Care => "care",
            Topic::Rooms => "rooms",
            Topic::Moderation => "moderation",
        }
    }
    pub fn parse(s: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// How a person hears of a topic's notifications beyond the app: an e-mail each (the default), a line in their
/// digest, or nothing (the notice stays in Tandem).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Instant,
    Digest,
    Off,
}

impl Delivery {
    pub const NAMES: &'static [&'static str] = &["instant", "digest", "off"];
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Instant => "instant",
            Delivery::Digest => "digest",
            Delivery::Off => "off",
        }
    }
    pub fn parse(s: &str) -> Option<Delivery> {
        [Delivery::Instant, Delivery::Digest, Delivery::Off].into_iter().find(|d| d.as_str() == s)
    }
}

impl Kind {
    pub fn topic(self) -> Topic {
        use Kind::*;
        match self {
            RequestReceived | RequestToMatch | Matched | Accepted | Declined | InfoRequested | InfoGiven | Expired | Withdrawn | Completed
            | Cancelled | Reopened | GroupInvited | GroupStarted | GroupDissolved => Topic::Requests,
            RollApplication | RollDecided => Topic::Roll,
            ContractProposed | ContractSigned | ContractInForce | ContractReturned | ContractUnsigned | GoalAgreed | GoalAchieved
            | ObjectiveOverdue | CoordinatorChanged | StageChanged => Topic::Process,
            SessionPlanned | SessionChanged | SessionCancelled | SessionSoon | SessionProposed | ProposalAnswered | DiaryYours | DiarySubmitted
            | DiaryCommented | DiaryMissing => Topic::Sessions,
            HealthNudge | HealthAtRisk | HealthEscalated | HelpRequested | EvaluationRequested | EvaluationReminder | FitCheck | ReportShared
            | CoordinatorMessage | CheckInProposed | ProjectOnHold | ProjectResumed => Topic::Care,
            RoomReply | RoomMention => Topic::Rooms,
            RoomPostHidden | RoomReported | RoomBanned => Topic::Moderation,
        }
    }

    /// Its words point at a note that comes with it ("for the reason below"): a digest counts it instead of listing it.
    pub fn points_at_note(self) -> bool {
        matches!(self, Kind::RoomPostHidden | Kind::RoomBanned | Kind::ProjectOnHold)
    }

    /// The notice in words, in a language (for a digest's list).
    pub fn sentence_in(self, lang: Lang, title: &str) -> String {
        match lang {
            Lang::En => self.sentence(title),
            Lang::It => self.sentence_it(title),
        }
    }
}

/// The languages e-mails are written in (the interface's: English and Italian).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    It,
}

/// The languages the interface is read in, any of which a person may choose; e-mails are written in English and
/// Italian (`Lang`), the others get English for now.
pub const INTERFACE: &[&str] = &["en", "ar", "de", "es", "fr", "it", "pt"];

impl Lang {
    pub const NAMES: &'static [&'static str] = &["en", "it"];
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "it" => Some(Lang::It),
            _ => None,
        }
    }
}

/// The e-mail for a notification in the recipient's language; `note` is the reason, question, answer or time that
/// came with it.
pub fn mail(kind: Kind, lang: Lang, to: &str, title: &str, note: &str, link: &str) -> Mail {
    let (sentence, open, off) = match lang {
        Lang::En => (kind.sentence(title), "Open Tandem", "You can turn these e-mails off in your account settings."),
        Lang::It => (kind.sentence_it(title), "Apri Tandem", "Puoi disattivare queste e-mail nelle impostazioni del tuo account."),
    };
    let mut body = sentence.clone();
    let note = if matches!(kind, Kind::HealthNudge | Kind::HealthAtRisk | Kind::HealthEscalated) { health_note(note, lang) } else { note.to_string() };
    if !note.is_empty() {
        body.push_str(&format!("\n\n\u{201c}{note}\u{201d}"));
    }
    body.push_str(&format!("\n\n{open}: {link}\n\n{off}\n"));
    let subject: String = format!("Tandem: {sentence}").chars().take(120).collect();
    Mail { to: to.into(), subject, body }
}

/// A health notice's note is the names of its rules (`quiet,contract_late`): each in words, with its next step.
fn health_note(rules: &str, lang: Lang) -> String {
    rules.split(',').filter(|r| !r.is_empty()).map(|r| health_words(r, lang)).collect::<Vec<_>>().join(" ")
}

pub fn health_words(rule: &str, lang: Lang) -> &'static str {
    match (lang, rule) {
        (Lang::En, "quiet") => "Nobody has met or written for a while: say hello in the chat, or plan a session.",
        (Lang::En, "behind_pace") => "There are fewer interactions than the pace to reach the minimum needs: plan the next sessions.",
        (Lang::En, "end_passed_short") => "The planned end has passed with fewer interactions than the minimum: agree how to finish.",
        (Lang::En, "contract_late") => "The contract is not in force yet: draft it, or sign the version waiting for you.",
        (Lang::En, "no_next_session") => "No session is planned: plan the next one.",
        (Lang::En, "diary_overdue") => "A session's diary is overdue: fill it in.",
        (Lang::En, "message_unanswered") => "A private message is waiting for an answer.",
        (Lang::En, "stage_overdue") => "The stage is taking longer than expected: check its list and move on when ready.",
        (Lang::En, "fit_concern") => "A member is not sure the match is right.",
        (Lang::En, "help_requested") => "A member asked the coordinator for help.",
        (Lang::En, "private_concern") => "A private concern, seen by the coordinator.",
        (Lang::It, "quiet") => "Da un po' nessuno si incontra o scrive: saluta nella chat o pianifica una sessione.",
        (Lang::It, "behind_pace") => "Le interazioni sono meno di quante ne servono per raggiungere il minimo: pianifica le prossime sessioni.",
        (Lang::It, "end_passed_short") => "La fine prevista è passata con meno interazioni del minimo: decidete insieme come concludere.",
        (Lang::It, "contract_late") => "Il contratto non è ancora in vigore: scrivilo, o firma la versione che ti aspetta.",
        (Lang::It, "no_next_session") => "Non c'è nessuna sessione pianificata: pianifica la prossima.",
        (Lang::It, "diary_overdue") => "Il diario di una sessione è in ritardo: compilalo.",
        (Lang::It, "message_unanswered") => "Un messaggio privato aspetta una risposta.",
        (Lang::It, "stage_overdue") => "La fase dura più del previsto: controlla la sua lista e passa alla successiva quando potete.",
        (Lang::It, "fit_concern") => "Un membro non è sicuro che l'abbinamento sia giusto.",
        (Lang::It, "help_requested") => "Un membro ha chiesto aiuto al coordinatore.",
        (Lang::It, "private_concern") => "Una preoccupazione riservata, vista dal coordinatore.",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mails_carry_the_reason_and_a_link() {
        let m = mail(Kind::Declined, Lang::En, "dev@example.org", "Mentoring for Dev", "I am fully booked this term.", "https://t/p/1");
        assert!(m.subject.starts_with("Tandem: The mentor declined"));
        assert!(m.body.contains("I am fully booked this term."));
        assert!(m.body.contains("https://t/p/1"));
        assert_eq!(Kind::RollDecided.as_str(), "roll_decided");
        let it = mail(Kind::SessionSoon, Lang::It, "carla@example.org", "Mentoring", "2027-03-16 02:00 (Asia/Tokyo)", "https://t/p/1");
        assert!(it.subject.starts_with("Tandem: Una sessione di «Mentoring» inizia"));
        assert!(it.body.contains("2027-03-16 02:00 (Asia/Tokyo)") && it.body.contains("Apri Tandem: https://t/p/1"));
        for rule in super::super::health::RULES {
            assert!(!health_words(rule, Lang::En).is_empty() && !health_words(rule, Lang::It).is_empty(), "{rule}");
        }
        let nudge = mail(Kind::HealthNudge, Lang::It, "", "Mentoring", "quiet,no_next_session", "https://t/p/1");
        assert!(nudge.body.contains("saluta nella chat") && nudge.body.contains("pianifica la prossima"));
        for k in Kind::ALL {
            assert!(!k.sentence_it("x").is_empty() && Kind::parse(k.as_str()) == Some(k));
            assert_eq!(Topic::parse(k.topic().as_str()), Some(k.topic()));
        }
        assert_eq!(Topic::NAMES, Topic::ALL.map(Topic::as_str));
        assert_eq!(Delivery::NAMES.iter().map(|d| Delivery::parse(d).map(Delivery::as_str)).collect::<Vec<_>>(), Delivery::NAMES.iter().map(|d| Some(*d)).collect::<Vec<_>>());
    }
}
