/**
 * Explanations of peers' divergences for scripts/peer-report.ts: which rule a failure breaks,
 * what the peer does and what Kafka does. Written by hand after reading a run's failures and the
 * peer's debug log; the first note whose pattern matches a failure explains it.
 * @packageDocumentation
 */

/** One explanation, matched against a failure's scenario name, step, expected and actual text. */
export interface PeerNote {
  readonly match: RegExp;
  readonly rule: string;
  readonly text: string;
}

/** librdkafka's mock cluster (both 2.0.2 and 2.12 share its group coordinator, rdkafka_mock_cgrp.c). */
const LIBRDKAFKA: readonly PeerNote[] = [
  {
    match: /the mock process died/,
    rule: 'JG-01..03, GS-07 (the mock crashed)',
    text:
      'The mock process died during this batch (SIGSEGV or SIGABRT), so every scenario still running in it failed with no answer. ' +
      "Scenarios in the batch send members with different protocol lists and malformed or unusual JoinGroups; librdkafka's mock " +
      'asserts in rd_kafka_mock_cgrp_elect_leader when members share no protocol (`protos[0].name`). Kafka answers such a joiner ' +
      'INCONSISTENT_GROUP_PROTOCOL(23) (GS-07) and keeps serving everyone else.',
  },
  {
    match: /request failed \([^)]*closed\)/,
    rule: 'KIP-511 (wire)',
    text:
      'The mock closed the connection instead of answering a request at a version it advertises: it cannot read some flexible ' +
      'versions (its debug log shows JoinGroup v6 misread as a count of 33976929 protocols). Kafka answers every version its ' +
      'ApiVersions lists (KIP-511); a client sending that version would be cut off.',
  },
  {
    match: /expect first\d*\n[^\n]*\n[^\n]*no response/,
    rule: 'JG-08',
    text:
      'A first JoinGroup (v4+) without a member id is parked until the join phase ends. Kafka answers it at once with ' +
      'MEMBER_ID_REQUIRED(79) and a member id to join with (KIP-394); the mock does not implement that step. The shared setups ' +
      'join in one step on this broker (probed, CONF-03), so only the scenarios about the two-step join itself stop here.',
  },
  {
    match: /generationId = 1\n[^\n]*\b2\b/,
    rule: 'GS-06',
    text:
      "The group's first generation is 2: the mock bumps the generation when the group leaves Empty and again when the join " +
      'phase completes. Kafka completes the first join phase at generation 1 (GS-06); the shared setups align the text with the ' +
      "broker's first generation, so only scenarios that check generation 1 themselves fail here.",
  },
  {
    match: /Assignment: null|sync\d\n[^\n]*\n[^\n]*(request failed|no response)/,
    rule: 'SG-07, SG-09, SG-10',
    text:
      "A follower's SyncGroup is answered with an error and a null assignment, which SyncGroup v0-v4 cannot carry (the field is " +
      "not nullable: Kafka's own clients reject such a frame, and kafkajs reports it as INVALID_REQUEST(42), the mock's known " +
      '"SyncGroup race"): the mock marks the group Up as soon as the leader\'s assignments cover every member and no longer serves ' +
      "the followers' syncs. Kafka parks a follower's SyncGroup until the leader's arrives and then answers it with its assignment " +
      '(SG-07, SG-09), and answers one that comes after the leader\'s from the stored assignment (SG-10).',
  },
  {
    match: /Members: needs 4 bytes, 0 left/,
    rule: 'LG-03',
    text:
      'A LeaveGroup v3 answer ends after its error code, without the members array that version carries, so it cannot be ' +
      "read. Kafka answers v3+ with each member's outcome (LG-03).",
  },
  {
    match: /Topics: null array/,
    rule: 'OF-04',
    text:
      'An OffsetFetch of all topics (topics null) is answered with a null topic array, which the answer cannot carry (not ' +
      'nullable), so it cannot be read. Kafka answers every committed offset of the group (OF-04).',
  },
  {
    match: /metadata = ""\n[^\n]*null/,
    rule: 'OC-11',
    text:
      'A commit sent without metadata reads back as null. Kafka stores "" for a null metadata and answers "" (OC-11).',
  },
  {
    match: /rejoin1 still pending/,
    rule: 'JG-14, JG-13',
    text:
      "A member's rejoin while the group waits for others was answered at once: the mock completes the join phase on its own " +
      'timer, not when the last known member has joined. Kafka parks a rejoin in PreparingRebalance until every known member ' +
      'has joined or the rebalance timeout ends (JG-14, JG-13).',
  },
  {
    match: /errorCode = 25\n[^\n]*\b0\b/,
    rule: 'HB-01, OC-07',
    text:
      'A request naming a member the group does not know (or no longer knows) was accepted. Kafka answers UNKNOWN_MEMBER_ID(25) ' +
      '(HB-01, OC-07).',
  },
  {
    match: /Host: null/,
    rule: 'FC-03, JG-02',
    text:
      'A FindCoordinator answer carried a null host, which no FindCoordinator version allows (Host is not nullable), so it cannot ' +
      'be read; the mock sends it with an error for a group id it refuses. Kafka answers an error with an empty host and port -1 ' +
      '(FC-03), and refuses an invalid group id in the group request itself (JG-02).',
  },
  {
    match: /rejoin\d\n[^\n]*\n[^\n]*no response/,
    rule: 'JG-13, TM-07',
    text:
      'Every member rejoined, yet the join phase did not complete: the mock waits session.timeout - 1 s after a rebalance starts ' +
      'whoever has rejoined. Kafka completes a non-initial join phase as soon as all known members have joined (JG-13, TM-07).',
  },
  {
    match: /errorCode = 27\n[^\n]*\b0\b/,
    rule: 'HB-03',
    text:
      'A Heartbeat during a rebalance was answered NONE(0). Kafka answers REBALANCE_IN_PROGRESS(27) while the group is ' +
      'PreparingRebalance, so that members rejoin (HB-03); the mock tells members of a rebalance only through its own timing.',
  },
  {
    match: /PreparingRebalance, a member of the current generation commits[^\n]*\n[^\n]*\n[^\n]*errorCode = 0\n[^\n]*\b(22|27)\b/,
    rule: 'OC-07',
    text:
      'A commit from a member of the current generation was refused while the group was rebalancing (ILLEGAL_GENERATION(22) ' +
      'here: the mock bumps the generation when a rebalance starts; REBALANCE_IN_PROGRESS(27) in other runs). Kafka accepts it ' +
      'while the group is PreparingRebalance (OC-07) and refuses commits only in CompletingRebalance (OC-08).',
  },
  {
    match: /^Timers: [^\n]*\n[^\n]*\n[^\n]*\n/,
    rule: 'TM-05, TM-06, TM-07',
    text:
      "The mock's rebalance timing is its own: it waits session.timeout - 1 s after a rebalance starts, whoever has rejoined, " +
      'and completes or expires on that timer, so the member was already gone or the join phase already over where Kafka had ' +
      'not acted yet. Kafka expires a member one session timeout after its last request (TM-05), ends a join phase at the ' +
      'rebalance timeout (TM-06) and keeps exactly the members that rejoined (TM-07).',
  },
  {
    match: /OffsetCommit[^\n]*\n[^\n]*\n[^\n]*errorCode = 0\n[^\n]*\b27\b/,
    rule: 'OC-07',
    text:
      'A commit from a member of the current generation was refused with REBALANCE_IN_PROGRESS(27) while the group was ' +
      'rebalancing. Kafka accepts it while the group is PreparingRebalance (OC-07) and refuses only in CompletingRebalance (OC-08).',
  },
  {
    match: /OffsetCommit: a generation to an unknown group/,
    rule: 'OC-03',
    text:
      'A commit with a generation to a group that does not exist was accepted (and created the group). Kafka answers ' +
      'GROUP_ID_NOT_FOUND(69) from v9 and ILLEGAL_GENERATION(22) before, and creates no group (OC-03).',
  },
  {
    match: /OFFSET_METADATA_TOO_LARGE/,
    rule: 'OC-10',
    text: 'Metadata longer than offset.metadata.max.bytes was stored. Kafka answers OFFSET_METADATA_TOO_LARGE(12) for that partition (OC-10).',
  },
  {
    match: /leader epoch is stored[^\n]*\n[^\n]*\n[^\n]*errorCode = 0\n[^\n]*\b75\b/,
    rule: 'OC-11',
    text:
      'A commit carrying a leader epoch was refused with UNKNOWN_LEADER_EPOCH(75): the mock checks it against the partition. ' +
      "Kafka's group coordinator stores the committed leader epoch as given, without checking it (OC-11).",
  },
  {
    match: /committedLeaderEpoch = \d+\n[^\n]*-1/,
    rule: 'OC-11, OF-05',
    text: 'The committed leader epoch is not kept: OffsetFetch answers -1. Kafka stores it from OffsetCommit v6 and returns it from OffsetFetch v5 (OC-11, OF-05).',
  },
  {
    match: /Stable, a member commits with its generation[^\n]*\n[^\n]*\n[^\n]*errorCode = 0\n[^\n]*\b25\b/,
    rule: 'OC-07',
    text:
      'A commit from a member of the Stable generation was refused with UNKNOWN_MEMBER_ID(25): the mock does not know members ' +
      'that joined through the one-step join under the member id it handed out. Kafka accepts it (OC-07).',
  },
  {
    match: /a response to [a-zA-Z0-9]+\nno response \(still pending\)/,
    rule: 'JG-01..04 (no answer)',
    text:
      'The request was never answered within the margin. The mock parks every JoinGroup until its join timer fires (3 s for a new ' +
      'group, session.timeout - 1 s after) and does not run the checks Kafka answers at once (invalid group id, session timeout ' +
      'bounds, unknown member id, protocol type): JG-01 to JG-04.',
  },
];

/**
 * librdkafka 2.12's mock cluster as a KIP-848 coordinator (rdkafka_mock_cgrp.c, its consumer
 * groups; rdkafka_mock_handlers.c, ConsumerGroupHeartbeat), run with `--paired-subscriptions`.
 */
const LIBRDKAFKA_KIP848: readonly PeerNote[] = [
  {
    match: /member id is required[\s\S]*the mock process died/,
    rule: 'CG-02 (the mock crashed)',
    text:
      'The mock aborted (SIGABRT) on a version-1 join whose member id is empty, the first request of the scenario, instead of ' +
      "answering it. Kafka 4.0 refuses it INVALID_REQUEST(42) \"MemberId can't be empty.\": from version 1 the client generates " +
      'its member id (KIP-1082; GroupMetadataManager.throwIfConsumerGroupHeartbeatRequestIsInvalid).',
  },
  {
    match: /RE2J cannot compile[\s\S]*the mock process died/,
    rule: 'CG-30 (the mock crashed)',
    text:
      "The mock crashed (SIGSEGV) on a regex it cannot compile ('[', inside the run's prefix group): " +
      'rd_kafka_mock_cgrp_consumer_member_subscribed_topic_names_set compiles it with rd_regex_comp and runs rd_regex_exec on the ' +
      'NULL it got back. Kafka answers INVALID_REGULAR_EXPRESSION(128) with RE2J\'s description and keeps serving the group.',
  },
  {
    match: /\$\.memberEpoch = 1\n2$/,
    rule: 'CG-07, CG-23',
    text:
      "A new group's first member is answered at member epoch 2, not 1: the mock creates a consumer group at epoch 1 and bumps the " +
      'epoch again each time it computes a target assignment (rd_kafka_mock_cgrp_consumer_target_assignment_set: group_epoch++), so ' +
      "the first target is epoch 2 (its classic groups' generations also start at 2). Kafka creates the group at epoch 0 and the " +
      "first heartbeat bumps it to 1 (GroupMetadataManager.consumerGroupHeartbeat: bumpGroupEpoch when the group's epoch is 0). " +
      "Only this scenario checks the first epoch; the others align the mock's first epoch with the text's 1 (CONF-21) and go on.",
  },
  {
    match: /expect join2\n\$\.memberEpoch = 2\n0$/,
    rule: 'CG-23, CG-25',
    text:
      'A second member joining a group of one is answered at member epoch 0 with no assignment: the mock does not compute the new ' +
      'target within the join (it does so later, on its own), so the joiner is not yet at the group\'s new epoch. Kafka bumps the ' +
      'group epoch in the join and answers the joiner at that epoch (2 here), with the partitions it can have at once (none while ' +
      'the first member still holds them: CGR-06); the first member is then told to revoke (CGR-03).',
  },
  {
    match: /expect join1\n\$\.assignment = the assignment \{t:\[0,1\]\}\n\{t:\[0,1,2,3\]\}/,
    rule: 'CONF-10 (the mock\'s topics)',
    text:
      'The first member got four partitions of `t`, which the scenario creates with two: the mock has no CreateTopics, so `t` was ' +
      'auto-created with the mock\'s default partition count. Kafka would have created it with two (CreateTopics), and the ' +
      'scenario, about what follows (partitions added, a topic created later), cannot go on.',
  },
  {
    match: /expect pause\n\$\.memberId/,
    rule: 'CG-15',
    text:
      'A static member leaving temporarily (epoch -2) is answered with a null member id. Kafka answers with the member id and ' +
      'epoch -2, and keeps the member in the group at epoch -2 with its partitions (GroupMetadataManager.consumerGroupLeave).',
  },
  {
    match: /expect twin\n\$\.errorCode = 111\n25$/,
    rule: 'CG-18',
    text:
      'A member joining with an instance id that a live member holds was refused UNKNOWN_MEMBER_ID(25). Kafka refuses it ' +
      'UNRELEASED_INSTANCE_ID(111): the instance id is still owned by a member that has not left temporarily ' +
      '(throwIfInstanceIdIsUnreleased); a client treats the two differently (111 is fatal, 25 makes it rejoin).',
  },
  {
    match: /malformed join[\s\S]*errorCode = 42\n0$/,
    rule: 'CG-03',
    text:
      'A join with RebalanceTimeoutMs -1 (the first malformed case) was accepted: the mock checks no field of a join but its ' +
      "subscription (and aborts on that, see the summary). Kafka refuses it INVALID_REQUEST(42) \"RebalanceTimeoutMs must be " +
      'provided in first request." and likewise owned partitions on a join, a missing subscription, empty instance or rack ids ' +
      'and epochs below -2, each with its message.',
  },
  {
    match: /unknown group is GROUP_ID_NOT_FOUND[\s\S]*errorCode = 69\n110$/,
    rule: 'CG-07',
    text:
      'A heartbeat at epoch 1 for a group id that does not exist is FENCED_MEMBER_EPOCH(110): the mock creates a group for any ' +
      'heartbeat (rd_kafka_mock_cgrp_consumer_get), adds the member and then finds its epoch wrong. Kafka creates a group only ' +
      'for a join (epoch 0) and answers GROUP_ID_NOT_FOUND(69) "Consumer group G not found." (getOrMaybeCreateConsumerGroup).',
  },
  {
    match: /UNSUPPORTED_ASSIGNOR[\s\S]*errorCode = 112\n0$/,
    rule: 'CG-04',
    text:
      "A join naming a server assignor the broker does not have ('bogus') was accepted: the mock has one built-in assignment and " +
      'ignores ServerAssignor. Kafka refuses it UNSUPPORTED_ASSIGNOR(112) "ServerAssignor bogus is not supported. Supported ' +
      'assignors: uniform, range."',
  },
  {
    match: /regex gets the partitions[\s\S]*"partitions":\[3,2,1,0\]/,
    rule: 'CG-29 (the topics)',
    text:
      'The regex matched the two topics it should, but each has four partitions, not the two the scenario creates: the mock has ' +
      'no CreateTopics, so the topics were auto-created with its default partition count (the runner says so, CONF-10). The ' +
      'subscription by regex itself worked once the run prefix was wrapped in a plain group, which its regex engine (rd_regex, ' +
      'not RE2J) reads.',
  },
];

/** Notes by peer key (`--notes`). */
export const PEER_NOTES: Readonly<Record<string, readonly PeerNote[]>> = {
  librdkafka: LIBRDKAFKA,
  'librdkafka-kip848': LIBRDKAFKA_KIP848,
  'librdkafka-kip848:summary': [
    {
      match: /^$/,
      rule: '',
      text:
        "Run with `--paired-subscriptions`, declaring the mock's own consumer-group timers (session 30 s, heartbeat interval 3 s). " +
        'Without that flag every scenario crashed the mock at its first join (SIGABRT, `validate_subscription: Assertion ' +
        "(SubscribedTopicNames == NULL) == RD_KAFKAP_STR_IS_NULL(SubscribedTopicRegex)` in rdkafka_mock_cgrp.c): the mock asserts " +
        "that a subscription carries both topic names and a regex or neither, which is librdkafka's own client's form (a regex " +
        '`""` beside names), while Kafka 4.0 takes either alone and its Java client sends names with a null regex (CG-21, CG-29). ' +
        'The flag sends each subscription in the paired form, which Kafka reads the same way, to see past that crash.',
    },
  ],
};
