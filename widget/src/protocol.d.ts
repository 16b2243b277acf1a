// The socket protocol's payloads as types: a mirror of docs/protocol.md (and of the Python that
// builds them: server/actions/serialize.py, server/actions/events.py, server/realtime/*.py).
// Types only: nothing here reaches a bundle. The JavaScript names them in JSDoc, e.g.
//   /** @param {import("./protocol").Message} m */
// so a field name that drifts from the protocol is a type error (`npm run typecheck`).

/** ISO 8601 UTC time, e.g. "2026-11-24T10:15:00.123000Z". */
export type Iso = string;

// ------------------------------------------------------------------ enumerations

export type Sender = "visitor" | "staff" | "system";
export type ConversationStatus = "queued" | "active" | "closed";
export type CloseReason = "visitor_left" | "closed_by_staff";
/** The crisis assessment of one visitor message (null: none). */
export type MessageRisk = "concern" | "high" | "imminent";
/** The highest assessment a conversation has seen. */
export type ConversationRisk = "none" | MessageRisk;
export type Outcome = "helped" | "information_given" | "referred" | "visitor_left" | "no_response" | "abusive" | "other";
export type Topic = "legal" | "hiv_sti" | "addiction" | "mental_health" | "housing" | "violence" | "other";
export type ResourceTopic = "legal" | "hiv_sti" | "addiction" | "mental_health" | "crisis" | "violence" | "housing" | "other";
export type Role = "networker" | "supervisor" | "admin";
export type Severity = "high" | "imminent";
export type EscalationStatus = "raised" | "acknowledged" | "resolved";
export type EscalationOutcome = "safety_plan" | "emergency_services" | "referred" | "false_alarm" | "visitor_left" | "other";
/** `conversation.update` ops; "reassigned" goes to the networker a supervisor (or an accepted
 * handover) took the chat from. */
export type ConversationOp = "assigned" | "requeued" | "closed" | "reassigned";
export type ConversationUpdateReason =
  | "networker_off_duty"
  | "networker_disconnected"
  | "visitor_left"
  | "closed_by_staff"
  | "reassigned"
  | "handover"
  | "blocked";
export type EscalationOp = "updated" | "acknowledged" | "resolved" | "overdue";
/** Why an open escalation was `updated`: a stronger signal ("crisis_message", "manual") or its
 * chat changed (assigned, taken over / reassigned, back in the queue, closed). */
export type EscalationChange = "crisis_message" | "manual" | "assigned" | "reassigned" | "requeued" | "closed";

/** Error codes of a failed ack ("Conventions"), plus the two the client itself makes up when no
 * ack came: "timeout" (no answer in time) and "offline" (the socket was not connected). */
export type ErrorCode =
  | "invalid"
  | "too_long"
  | "payload_too_large"
  | "rate_limited"
  | "unknown_event"
  | "not_found"
  | "forbidden"
  | "closed"
  | "not_on_duty"
  | "at_capacity"
  | "queue_empty"
  | "taken"
  | "blocked"
  | "unavailable"
  | "resource_not_found"
  | "resource_unavailable"
  | "challenge_required"
  | "too_many_connections"
  | "conversation_open"
  | "handover_pending"
  | "handover_closed"
  | "timeout"
  | "offline";

// ------------------------------------------------------------------ acks

/** A failed call: changes nothing. `retry_after` (seconds) comes with `rate_limited`;
 * `challenge` (in `error` and beside it) with `challenge_required`. */
export interface AckError {
  ok: false;
  error: { code: ErrorCode; message?: string; challenge?: AltchaChallenge };
  retry_after?: number;
  challenge?: AltchaChallenge;
}

/** A proof-of-work challenge (ALTCHA v1): find n in 0..maxnumber with
 * SHA-256(salt + n) = challenge (hex). */
export interface AltchaChallenge {
  algorithm: "SHA-256";
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}
/** `{"ok": true, ...fields listed per event}` or a failure. */
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

// ------------------------------------------------------------------ objects

export interface Phone {
  number: string;
  type: string;
  /** `tel:` and digits with an optional leading + */
  href: string;
}

/** A shared library entry as the chat shows it (`available: false`: only id and name). */
export interface ResourceCard {
  id: string;
  name: string;
  available: boolean;
  summary: string | null;
  phones: Phone[];
  website: string | null;
  hours: string | null;
  url: string | null;
}

/** One number on a crisis reply's emergency card, in the person's language. */
export interface EmergencyContact {
  name: string;
  number: string;
  /** "tel:" with digits and a leading + only */
  href: string;
  hours: string;
}

/** The emergency card of a crisis reply (system message): the emergency number first. */
export interface Emergency {
  /** networkers on duty when the reply was sent */
  on_duty: number;
  contacts: EmergencyContact[];
}

export interface Message {
  id: string;
  conversation_id: string;
  /** 1, 2, 3 … per conversation without gaps */
  seq: number;
  sender: Sender;
  sender_name: string | null;
  client_id: string | null;
  text: string;
  html: string;
  created_at: Iso;
  resource: ResourceCard | null;
  /** a crisis reply's emergency card, else null */
  emergency: Emergency | null;
  /** staff only: the crisis assessment of a visitor message */
  risk?: MessageRisk | null;
}

/** Conversation (visitor view). */
export interface VisitorConversation {
  id: string;
  status: ConversationStatus;
  networker: { name: string } | null;
  queued_at: Iso;
  assigned_at: Iso | null;
  closed_at: Iso | null;
  close_reason: CloseReason | null;
  last_seq: number;
}

/** Conversation (console view): the visitor view plus the fields staff see. */
export interface StaffConversation extends Omit<VisitorConversation, "networker"> {
  networker: StaffRef | null;
  /** 0, 10 (high risk) or 20 (imminent risk) */
  priority: number;
  /** the widget's interface language */
  language: string;
  /** the language the visitor writes in (guessed from their first message: pl, uk, en, ru; else the widget's) */
  visitor_lang: string;
  site: string | null;
  nickname: string | null;
  first_message: string;
  requeued: boolean;
  /** the visitor went away during duty hours (queued: placed after visitors who are present) */
  vanished: boolean;
  outcome: Outcome | null;
  topics: Topic[];
  risk: ConversationRisk;
  /** the visitor's presence when this was sent; null for a closed conversation (no presence) */
  visitor_online: boolean | null;
  /** the case this conversation belongs to (`case.history`) */
  case_id: string | null;
}

/** A queued conversation in the console's queue, with its wait at the time of the event. */
export interface QueueItem extends StaffConversation {
  waiting_seconds: number;
}

export interface QueueSnapshot {
  total: number;
  items: QueueItem[];
}

export interface StaffRef {
  id: string;
  name: string;
}

export interface Me {
  id: string;
  name: string;
  role: Role;
  on_duty: boolean;
  capacity: number;
  auto_assign: boolean;
  load: number;
}

export interface TeamMember {
  id: string;
  name: string;
  role: Role;
  on_duty: boolean;
  capacity: number;
  load: number;
  duty_since: Iso | null;
}

export interface DutyWindow {
  /** 0 = Monday */
  days: number[];
  from: string;
  to: string;
}

/** DutyStatus (visitor); in the `conversation.join` ack also the crisis lines by language. */
/** One duty period: UTC instants (ISO 8601); the widget shows them in the visitor's zone. */
export interface DutyPeriod {
  start: Iso;
  end: Iso;
}

export interface DutyStatus {
  on_duty: number;
  /** the weekly windows in the service's time zone (`timezone`) */
  hours: DutyWindow[];
  /** the service's IANA time zone, e.g. "Europe/Warsaw" */
  timezone: string;
  /** the duty periods of the next 7 days, exceptions (holidays, extra shifts) applied */
  periods: DutyPeriod[];
  emergency_number: string;
  resources?: Record<string, ResourceCard[]>;
}

export interface EscalationMatch {
  phrase: string;
  category: string;
  start: number;
  end: number;
  /** the visitor message the phrase is in (start/end are offsets in its text) */
  message_id: string | null;
}

export interface Escalation {
  id: string;
  conversation_id: string;
  message_id: string | null;
  source: "auto" | "manual";
  severity: Severity;
  categories: string[];
  matches: EscalationMatch[];
  /** which detectors fired; [] for a manual escalation */
  detected_by: ("lexicon" | "classifier")[];
  /** every visitor message that contributed, oldest first */
  message_ids: string[];
  reason: string | null;
  excerpt: string | null;
  status: EscalationStatus;
  overdue: boolean;
  raised_at: Iso;
  raised_by: StaffRef | null;
  acknowledged_at: Iso | null;
  acknowledged_by: StaffRef | null;
  resolved_at: Iso | null;
  resolved_by: StaffRef | null;
  outcome: EscalationOutcome | null;
  note: string | null;
  conversation: {
    status: ConversationStatus;
    priority: number;
    risk: ConversationRisk;
    language: string;
    site: string | null;
    nickname: string | null;
    queued_at: Iso;
    networker: StaffRef | null;
  };
}

/** A resource search result (console only). */
export interface ResourceHit {
  id: string;
  name: string;
  summary: string;
  status: string;
  public: boolean;
  expired: boolean;
  topics: string[];
  area: "nationwide" | "international" | "regional" | "online";
  voivodeship: string | null;
  city: string | null;
  languages: string[];
  phones: string[];
  review_by: string | null;
  verified_on: string | null;
}

// ------------------------------------------------------------------ /visitor

export interface VisitorAuth {
  token: string;
  lang: string;
  site?: string;
}

/** The `connect_error` data of a refused visitor connection. */
export interface ConnectErrorData {
  code: "invalid" | "blocked" | "forbidden" | "too_many_connections";
  message?: string;
}

/** The queue place of a queued visitor conversation (`queue.position`; also in the join ack). */
export interface QueuePosition {
  conversation_id: string;
  position: number;
  estimated_wait_seconds: number | null;
  on_duty: number;
}

export interface VisitorJoinRequest {
  last_seq: number;
}
export type VisitorJoinAck = Ack<{
  conversation: VisitorConversation | null;
  messages: Message[];
  queue: QueuePosition | null;
  duty: DutyStatus;
}>;

export interface VisitorSendRequest {
  client_id: string;
  text: string;
  nickname?: string;
  /** the conversation it was written for: refused as `closed` when that has ended meanwhile */
  conversation_id?: string;
  /** the ALTCHA payload (base64 of its JSON) solving the challenge of a `challenge_required`
   * refusal */
  proof?: string;
}
export type VisitorSendAck = Ack<{ message: Message; conversation: VisitorConversation }>;

export interface VisitorTypingRequest {
  typing: boolean;
}

/** `case.code`: a fresh resume code (the previous one stops working). */
export type CaseCodeAck = Ack<{ code: string }>;
export interface CaseResumeRequest {
  code: string;
}

/** server → visitor `conversation.update` */
export interface VisitorConversationUpdate {
  op: ConversationOp;
  conversation: VisitorConversation;
  reason: ConversationUpdateReason | null;
}

/** server → client `typing` */
export interface TypingEvent {
  conversation_id: string;
  sender: "visitor" | "staff";
  typing: boolean;
}

// ------------------------------------------------------------------ /console

export type ConsoleSyncAck = Ack<{
  me: Me;
  queue: QueueSnapshot;
  conversations: StaffConversation[];
  /** offers still waiting that I made or received */
  handovers: Handover[];
  /** chats the server handed back to the queue while I was away, until I go on duty again */
  away: { released: number; at: Iso } | null;
  server_time: Iso;
}>;

export interface DutyStartRequest {
  capacity: number;
  auto_assign: boolean;
}
export type DutyAck = Ack<{ me: Me }>;
export type DutyStopAck = Ack<{ me: Me; released: number }>;

export interface QueueTakeRequest {
  conversation_id?: string;
}
export type ConversationAck = Ack<{ conversation: StaffConversation }>;

export interface StaffJoinRequest {
  conversation_id: string;
  last_seq: number;
}
/** `conversation.join` and `conversation.watch` (console) */
export type StaffJoinAck = Ack<{
  conversation: StaffConversation;
  messages: Message[];
  escalation: Escalation | null;
  /** conversation.join only: the handover by which I accepted this chat (its note first) */
  handover?: Handover | null;
}>;

export interface StaffSendRequest {
  conversation_id: string;
  client_id: string;
  text: string;
}
/** `message.send` and `resource.share` (console) */
export type StaffSendAck = Ack<{ message: Message }>;

export interface StaffTypingRequest {
  conversation_id: string;
  typing: boolean;
}

export interface CloseRequest {
  conversation_id: string;
  outcome: Outcome;
  topics: Topic[];
}

export interface EscalationRaiseRequest {
  conversation_id: string;
  reason: string;
}
export type EscalationAckReply = Ack<{ escalation: Escalation }>;

export interface ResourceSearchRequest {
  q: string;
  topic?: ResourceTopic;
  region?: string;
  language?: string;
  lang?: "pl" | "en";
  limit?: number;
}
export type ResourceSearchAck = Ack<{ results: ResourceHit[] }>;

/** A canned reply (docs/protocol.md CannedReply): a ready answer staff insert and edit. */
export interface CannedReply {
  id: string;
  /** "pl" | "en" */
  lang: string;
  title: string;
  text: string;
  topics: string[];
}
export interface CannedListRequest {
  /** the chat's language (the visitor's, else the console's); omitted: every language */
  lang?: string;
}
/** `lang`: the language of `replies`, or null when they are all of them (none in the one asked). */
export type CannedListAck = Ack<{ replies: CannedReply[]; lang: string | null }>;

export interface ResourceShareRequest {
  conversation_id: string;
  resource_id: string;
  client_id: string;
  /** also record a suggested referral of the case to this entry (the ack then carries it) */
  refer?: boolean;
}
export type ResourceShareAck = Ack<{ message: Message; referral?: Referral }>;

export type SupervisorSyncAck = Ack<{
  escalations: Escalation[];
  queue: QueueSnapshot;
  team: TeamMember[];
  burst: EscalationBurst | null;
  server_time: Iso;
}>;

/** server → supervisors `escalation.burst`: many escalations from new visitors in a short time
 * (a possible flood). Each one is still listed and alerted on its own. */
export interface EscalationBurst {
  count: number;
  window_seconds: number;
  since: Iso;
  /** the group stops counting as a burst then, unless more come */
  until: Iso;
  escalation_ids: string[];
}

export interface EscalationRef {
  escalation_id: string;
}
export interface EscalationResolveRequest {
  escalation_id: string;
  outcome: EscalationOutcome;
  note?: string | null;
}
export interface ConversationRef {
  conversation_id: string;
}
export interface ReassignRequest {
  conversation_id: string;
  staff_id: string;
}

export type HandoverStatus = "offered" | "accepted" | "declined" | "expired";

/** A chat offered by its networker to a colleague, with the note the receiver reads first. */
export interface Handover {
  id: string;
  conversation_id: string;
  status: HandoverStatus;
  note: string;
  from_staff: StaffRef | null;
  to_staff: StaffRef | null;
  created_at: Iso;
  expires_at: Iso;
  decided_at: Iso | null;
  conversation: StaffConversation;
}

/** Whom a chat may be handed to: on duty with a free place, or a supervisor. */
export interface HandoverTarget {
  id: string;
  name: string;
  role: Me["role"];
  capacity: number;
  load: number;
}

export interface HandoverOfferRequest {
  conversation_id: string;
  staff_id: string;
  note: string;
}
export interface HandoverRef {
  handover_id: string;
}
export type HandoverAck = Ack<{ handover: Handover }>;
export type HandoverAcceptAck = Ack<{ handover: Handover; conversation: StaffConversation }>;
export type HandoverTargetsAck = Ack<{ targets: HandoverTarget[] }>;

/** server → console `handover.update` (to the sender and the receiver) */
export interface HandoverUpdate {
  op: HandoverStatus;
  handover: Handover;
}

/** Visitor tokens refused at connect until `expires_at` (unless lifted). */
export interface Block {
  id: string;
  conversation_id: string | null;
  reason: string;
  tokens: number;
  created_by: StaffRef | null;
  created_at: Iso;
  expires_at: Iso;
  lifted_at: Iso | null;
  lifted_by: StaffRef | null;
}
export interface BlockRequest {
  conversation_id: string;
  reason: string;
  hours?: number;
}
export type BlockAck = Ack<{ block: Block }>;

/** server → console `queue.update` */
export interface QueueUpdate extends QueueSnapshot {
  server_time: Iso;
}

/** server → console `conversation.update` */
export interface StaffConversationUpdate {
  op: ConversationOp;
  conversation: StaffConversation;
  reason: ConversationUpdateReason | null;
}

/** server → console `visitor.presence` */
export interface VisitorPresence {
  conversation_id: string;
  online: boolean;
}

/** server → console `escalation.update` */
export interface EscalationUpdate {
  op: EscalationOp;
  escalation: Escalation;
  /** op "updated": what changed; null for the other ops */
  reason: EscalationChange | null;
  /** whose action caused it (null: a visitor's message, the server's timers, auto-assignment) */
  by: StaffRef | null;
}

/** server → console `team.update` */
export interface TeamUpdate {
  team: TeamMember[];
  server_time: Iso;
}

// ------------------------------------------------------------------ event maps

/** Events may have been lost between nodes: rejoin every conversation from the last seq held. */
export interface DeliveryResync {
  reason: "bus_reconnected";
}

/** server → both namespaces `conversation.erased`: every text of the conversation was erased */
export interface ConversationErased {
  conversation_id: string;
  reason: "visitor_request" | "retention";
}

/** What `case.erase` erased. */
export interface Erased {
  conversations: number;
  messages: number;
}

/** visitor `case.erase` ack */
export type CaseEraseAck = Ack<{ erased: Erased }>;

/** server → client events of /visitor, by name. */
export type VisitorServerEvents = {
  "delivery.resync": (ev: DeliveryResync) => void;
  "message.new": (m: Message) => void;
  "conversation.update": (ev: VisitorConversationUpdate) => void;
  "queue.position": (ev: QueuePosition) => void;
  typing: (ev: TypingEvent) => void;
  "duty.update": (duty: DutyStatus) => void;
  "conversation.erased": (ev: ConversationErased) => void;
};

/** client → server calls of /visitor: [payload, ack]. */
export type VisitorCalls = {
  "conversation.join": [VisitorJoinRequest, VisitorJoinAck];
  "message.send": [VisitorSendRequest, VisitorSendAck];
  typing: [VisitorTypingRequest, Ack];
  "conversation.leave": [Record<string, never>, Ack];
  "case.code": [Record<string, never>, CaseCodeAck];
  "case.resume": [CaseResumeRequest, VisitorJoinAck];
  "case.erase": [Record<string, never>, CaseEraseAck];
};

// ------------------------------------------------------------------ the case (console)

export type NoteKind = "note" | "summary";
export interface NoteVersion {
  text: string;
  written_at: Iso;
  replaced_at: Iso;
}
/** A private staff note on a case (conversation_id null) or on one of its conversations. */
export interface CaseNote {
  id: string;
  case_id: string;
  conversation_id: string | null;
  kind: NoteKind;
  text: string;
  author: StaffRef | null;
  created_at: Iso;
  edited_at: Iso | null;
  /** earlier texts, oldest first */
  history: NoteVersion[];
}
export interface CaseEscalation {
  id: string;
  source: "auto" | "manual";
  severity: Severity;
  categories: string[];
  status: EscalationStatus;
  raised_at: Iso;
  outcome: EscalationOutcome | null;
}
export interface CaseConversation {
  id: string;
  status: ConversationStatus;
  queued_at: Iso | null;
  assigned_at: Iso | null;
  closed_at: Iso | null;
  close_reason: CloseReason | null;
  networker: StaffRef | null;
  outcome: Outcome | null;
  topics: Topic[];
  risk: ConversationRisk;
  /** the conversation the history was asked through */
  current: boolean;
  notes: CaseNote[];
  escalations: CaseEscalation[];
}
export interface CaseHistory {
  id: string;
  created_at: Iso;
  code_issued_at: Iso | null;
  conversations: CaseConversation[];
  notes: CaseNote[];
  /** the case's referrals, oldest first */
  referrals: Referral[];
}
export type CaseHistoryAck = Ack<{ case: CaseHistory }>;
export interface CaseTranscriptRequest {
  conversation_id: string;
  transcript_id: string;
}
export type CaseTranscriptAck = Ack<{ conversation: StaffConversation; messages: Message[] }>;
export interface NoteAddRequest {
  conversation_id: string;
  text: string;
  scope?: "case" | "conversation";
  kind?: NoteKind;
}
export interface NoteEditRequest {
  note_id: string;
  text: string;
}
export type NoteAck = Ack<{ note: CaseNote }>;

export type ReferralStatus = "suggested" | "contacted" | "accepted" | "attended" | "declined" | "no_response";
export interface ReferralChange {
  status: ReferralStatus;
  staff: StaffRef | null;
  at: Iso;
}
/** A referral of a case to a library entry (docs/protocol.md "Referrals"). */
export interface Referral {
  id: string;
  case_id: string;
  conversation_id: string | null;
  resource: { id: string; name: string; organization: string | null } | null;
  status: ReferralStatus;
  /** "YYYY-MM-DD" */
  follow_up: string | null;
  /** follow-up day today or past and the status not final */
  due: boolean;
  /** staff only, plain text; null when none or erased */
  note: string | null;
  author: StaffRef | null;
  created_at: Iso;
  updated_at: Iso;
  /** statuses, oldest first (the first: the recording) */
  history: ReferralChange[];
}
export interface ReferralAddRequest {
  conversation_id: string;
  resource_id: string;
  status?: ReferralStatus;
  follow_up?: string | null;
  note?: string | null;
}
export interface ReferralUpdateRequest {
  referral_id: string;
  status?: ReferralStatus;
  /** null clears; left out: unchanged */
  follow_up?: string | null;
  note?: string | null;
}
export type ReferralAck = Ack<{ referral: Referral }>;
export type ReferralListAck = Ack<{ referrals: Referral[] }>;

/** The session this console socket was opened with ended; the server disconnects it next. */
export interface SessionEnded {
  reason: "logout" | "password_changed" | "deactivated" | "role_changed" | "two_factor_reset" | "expired" | "signed_out";
}

/** server → client events of /console, by name. */
export type ConsoleServerEvents = {
  "delivery.resync": (ev: DeliveryResync) => void;
  "session.ended": (ev: SessionEnded) => void;
  "queue.update": (q: QueueUpdate) => void;
  "conversation.update": (ev: StaffConversationUpdate) => void;
  "message.new": (m: Message) => void;
  typing: (ev: TypingEvent) => void;
  "visitor.presence": (ev: VisitorPresence) => void;
  "duty.update": (me: Me) => void;
  "escalation.new": (e: Escalation) => void;
  "escalation.update": (ev: EscalationUpdate) => void;
  "escalation.burst": (ev: EscalationBurst) => void;
  "team.update": (ev: TeamUpdate) => void;
  "handover.update": (ev: HandoverUpdate) => void;
  "conversation.erased": (ev: ConversationErased) => void;
};

/** client → server calls of /console: [payload, ack]. */
export type ConsoleCalls = {
  "console.sync": [Record<string, never>, ConsoleSyncAck];
  "duty.start": [DutyStartRequest, DutyAck];
  "duty.stop": [Record<string, never>, DutyStopAck];
  "queue.take": [QueueTakeRequest, ConversationAck];
  "conversation.join": [StaffJoinRequest, StaffJoinAck];
  "message.send": [StaffSendRequest, StaffSendAck];
  typing: [StaffTypingRequest, Ack];
  "conversation.close": [CloseRequest, ConversationAck];
  "escalation.raise": [EscalationRaiseRequest, EscalationAckReply];
  "resource.search": [ResourceSearchRequest, ResourceSearchAck];
  "resource.share": [ResourceShareRequest, ResourceShareAck];
  "handover.targets": [ConversationRef, HandoverTargetsAck];
  "handover.offer": [HandoverOfferRequest, HandoverAck];
  "handover.accept": [HandoverRef, HandoverAcceptAck];
  "handover.decline": [HandoverRef, HandoverAck];
  "visitor.block": [BlockRequest, BlockAck];
  "canned.list": [CannedListRequest, CannedListAck];
  "supervisor.sync": [Record<string, never>, SupervisorSyncAck];
  "escalation.ack": [EscalationRef, EscalationAckReply];
  "escalation.resolve": [EscalationResolveRequest, EscalationAckReply];
  "conversation.watch": [StaffJoinRequest, StaffJoinAck];
  "conversation.unwatch": [ConversationRef, Ack];
  "supervisor.join": [ConversationRef, ConversationAck];
  "supervisor.takeover": [ConversationRef, ConversationAck];
  "supervisor.reassign": [ReassignRequest, ConversationAck];
  "case.history": [ConversationRef, CaseHistoryAck];
  "case.transcript": [CaseTranscriptRequest, CaseTranscriptAck];
  "note.add": [NoteAddRequest, NoteAck];
  "note.edit": [NoteEditRequest, NoteAck];
  "referral.add": [ReferralAddRequest, ReferralAck];
  "referral.update": [ReferralUpdateRequest, ReferralAck];
  "referral.list_due": [Record<string, never>, ReferralListAck];
};

// ------------------------------------------------------------------ typed sockets

/** A namespace's calls as socket.io-client emit signatures (payload, ack callback). */
export type Emits<C extends object> = {
  [K in keyof C]: C[K] extends [infer P, infer R] ? (payload: P, ack: (reply: R) => void) => void : never;
};

/**
 * A socket that knows its namespace's events: `on(name, handler)` gets the payload type of
 * the server event, and `call()` (common.js) the request and ack types of the call, through
 * `__calls` (a type-only marker, never set).
 */
export type TypedSocket<L extends EventMap, C extends object> = import("socket.io-client").Socket<L, Emits<C>> & {
  readonly __calls?: C;
};
// biome-ignore lint/suspicious/noExplicitAny: the shape socket.io-client's EventsMap has
type EventMap = Record<string, (...args: any[]) => void>;

export type VisitorSocket = TypedSocket<VisitorServerEvents, VisitorCalls>;
export type ConsoleSocket = TypedSocket<ConsoleServerEvents, ConsoleCalls>;
