// The domain report (`smtp-lens domain`, the app's Domain tab): what the engine found out
// about a domain's mail routing and policies, as the CLI prints it, the renderer draws it and
// the exports serialise it. Schema `smtp-lens/domain@1`, documented in docs/domain-schema.md.
import type { Finding, Transcript } from './transcript';

export type RecordType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'CNAME' | 'TLSA' | 'PTR';

export interface DnsRecord {
  name: string;
  type: string;
  ttl: number;
  /** The record's data as dns-packet decodes it (string, object or Buffer list). */
  data: unknown;
}

export interface DnsAnswer {
  name: string;
  type: RecordType;
  /** "127.0.0.1:53" */
  server: string;
  /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED, … */
  rcode: string;
  /** The resolver says these answers are validated (DNSSEC). */
  ad: boolean;
  answers: DnsRecord[];
  /** Over TCP, after a truncated UDP answer. */
  tcp: boolean;
  ms: number;
}

export interface MxAddress {
  address: string;
  family: 4 | 6;
}

export interface MxHost {
  preference: number;
  host: string;
  addresses: MxAddress[];
  /** What is wrong with this MX name itself, when something is. */
  problem?: 'does-not-resolve' | 'ip-literal' | 'cname' | 'dns-error';
  /** For 'cname': the name the CNAME points at (RFC 2181 §10.3 forbids an MX naming an alias). */
  alias?: string;
}

export type MxKind = 'mx' | 'implicit' | 'null' | 'no-domain' | 'dns-error';

export interface MxSet {
  domain: string;
  kind: MxKind;
  /** In the order a sending MTA tries them: lowest preference first. */
  hosts: MxHost[];
  /** Every DNS query made, in order. */
  queries: DnsAnswer[];
  /** For 'dns-error': what went wrong, in words (SERVFAIL, a timeout). */
  error?: string;
}

export interface TlsaRecord {
  usage: number;
  selector: number;
  matchingType: number;
  /** The association data, in hex. */
  data: string;
}

export interface DaneCard {
  host: string;
  /** The TLSA name asked: _PORT._tcp.HOST (RFC 6698 §3). */
  name: string;
  records: TlsaRecord[];
  /** The resolver said the TLSA answer is DNSSEC-validated. */
  validated: boolean;
  /** The first record that matches the chain as sent, and which certificate (0 = the leaf). */
  match: { record: TlsaRecord; certIndex: number } | null;
  /** The query failed: in words. */
  problem: string | null;
}

export interface MtaStsPolicy {
  mode: 'enforce' | 'testing' | 'none';
  maxAge: number;
  mx: string[];
}

export interface MtaStsCard {
  /** The policy id from the TXT record, or null without a usable record. */
  id: string | null;
  /** No _mta-sts record at all: the domain does not use MTA-STS. */
  missing: boolean;
  /** What is wrong with the TXT record, in words. */
  recordProblem: string | null;
  policy: MtaStsPolicy | null;
  /** Why the policy could not be fetched or read, in words. */
  policyProblem: string | null;
  /** Each MX host and whether the policy lists it (RFC 8461 §4.1). */
  mxMatches: { host: string; matches: boolean }[];
}

export interface TlsRptCard {
  /** The record as published, when there is exactly one. */
  record: string | null;
  /** The reporting addresses it names. */
  rua: string[];
  /** What is wrong, in words; null when the record is usable. */
  problem: string | null;
  /** Missing altogether (no TLS-RPT record at all). */
  missing: boolean;
  query: DnsAnswer | null;
}

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror';

export interface SenderCard {
  domain: string;
  /** The address SPF was evaluated for, and where it came from; null when none is known. */
  clientIp: string | null;
  clientIpSource: 'given' | 'this-machine' | null;
  spf: {
    /** The v=spf1 record, when there is one. */
    record: string | null;
    /** check_host()'s result for clientIp; null when no address was known. */
    result: SpfResult | null;
    /** mailauth's words for the result ("domain of x designates y as permitted sender"). */
    comment: string | null;
    /** DNS lookups the evaluation used, against the limit of ten (RFC 7208 §4.6.4). */
    lookups: number | null;
  };
  dmarc: {
    record: string | null;
    /** The domain the record was found at (the organizational domain for a subdomain). */
    recordDomain: string | null;
    policy: 'none' | 'quarantine' | 'reject' | null;
    subdomainPolicy: string | null;
    /** relaxed (r) or strict (s) alignment of SPF and DKIM (RFC 7489 §3.1). */
    aspf: 'r' | 's';
    adkim: 'r' | 's';
    rua: string[];
    /** DMARC's result for a message from this domain with no DKIM signature: only SPF counts. */
    resultWithoutDkim: 'pass' | 'fail' | 'none' | 'temperror' | null;
    problem: string | null;
  };
  /** Every DNS answer the evaluation used. */
  queries: DnsAnswer[];
}

export const DOMAIN_SCHEMA = 'smtp-lens/domain@1';

export interface DomainProbe {
  host: string;
  preference: number;
  transcript: Transcript;
}

export interface DomainReport {
  schema: typeof DOMAIN_SCHEMA;
  domain: string;
  startedAt: string;
  /** The DNS servers asked, "IP:PORT". */
  resolvers: string[];
  port: number;
  mx: MxSet;
  /** The TLS-RPT record (RFC 8460); null when the domain takes no mail or DNS failed. */
  tlsRpt: TlsRptCard | null;
  /** The MTA-STS record and policy (RFC 8461); null when the domain takes no mail. */
  mtaSts: MtaStsCard | null;
  /** The TLSA records of each probed MX, matched against the chain it sent (RFC 7672). */
  dane: DaneCard[];
  probes: DomainProbe[];
  /** The sending domain's SPF and DMARC, with --sender-domain; null otherwise. */
  sender: SenderCard | null;
  /** Other ports of the MX hosts that answered when none answered on `port`. */
  otherPorts: { host: string; address: string; port: number }[];
  findings: Finding[];
  /** What a sending MTA would do, in a sentence. */
  verdict: string;
}

/** The verdict says a sender would deliver over verified TLS: the CLI's exit code and the
 * Domain tab's tone both rest on it. */
export const deliversOverVerifiedTls = (r: DomainReport): boolean =>
  /^A sending MTA would deliver to \S+ over verified TLS/.test(r.verdict);
