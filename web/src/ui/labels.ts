// The words the console uses for the API's enum values.
import type { Schemas } from "../api/client";

export const directionLabels: Record<string, string> = {
  BIDIRECTIONAL: "Both ways: LinkedIn and your organization share data with each other",
  LINKEDIN_TO_ORGANIZATION: "LinkedIn to your organization only",
};

export const directionShort: Record<string, string> = {
  BIDIRECTIONAL: "Both ways",
  LINKEDIN_TO_ORGANIZATION: "LinkedIn to organization",
};

export const dataCategoryLabels: Record<string, string> = {
  PROFILE: "Profile",
  INTERESTS: "Interests",
  SUBSCRIPTIONS: "Subscriptions",
  CONNECTIONS: "1st-degree connections",
  CALENDAR: "Calendar: times, locations and attendees, never titles or agendas",
  CONTACTS: "Contacts, exported from time to time",
};

// What each direction shares, as the consent service records it on a
// connection (seed 004): LinkedIn's data always flows to the organization;
// only "both ways" sends the organization's data to LinkedIn.
export const sharedByDirection: Record<string, { toOrganization: string[]; toLinkedin: string[] }> = {
  BIDIRECTIONAL: {
    toOrganization: ["PROFILE", "INTERESTS", "SUBSCRIPTIONS", "CONNECTIONS"],
    toLinkedin: ["PROFILE", "CALENDAR", "INTERESTS", "SUBSCRIPTIONS", "CONTACTS"],
  },
  LINKEDIN_TO_ORGANIZATION: {
    toOrganization: ["PROFILE", "INTERESTS", "SUBSCRIPTIONS", "CONNECTIONS"],
    toLinkedin: [],
  },
};

export const modeLabels: Record<string, string> = {
  ENABLED: "Yes: every user may connect",
  SELECTED_GROUP: "Selected group: only members of one group (nested groups count)",
  DISABLED: "No: nobody may connect",
};

export const syncStateLabels: Record<string, string> = {
  NOT_ELIGIBLE: "Not syncing",
  IDLE: "Up to date",
  QUEUED: "Waiting to sync",
  RUNNING: "Syncing",
  FAILED: "Failed",
};

export const syncReasonLabels: Record<string, string> = {
  ELIGIBLE: "Allowed",
  NO_CONSENT: "The user has not connected LinkedIn",
  DISABLED_BY_TENANT: "Turned off for the organization",
  NOT_IN_SELECTED_GROUP: "Not in the group allowed to connect",
  DISABLED_BY_MAILBOX_POLICY: "Turned off by the mailbox policy",
  UNAVAILABLE_IN_CLOUD: "Not available in this cloud",
  USER_NOT_FOUND: "Not in the directory",
};

export const purgeStateLabels: Record<string, string> = {
  QUEUED: "Queued",
  RUNNING: "Deleting",
  DONE: "Done",
  FAILED: "Failed",
};

export const purgeTriggerLabels: Record<string, string> = {
  POLICY_CHANGE: "Policy change",
  CONSENT_CHANGE: "Consent withdrawn",
  SYNC_CHECK: "Sync check",
};

export const sourceLabels: Record<string, string> = {
  DIRECTORY: "Directory",
  CONTACTS: "Your contacts",
  LINKEDIN: "LinkedIn",
  REQUEST: "Your search",
};

export const remoteStepLabels: Record<string, string> = {
  DELETE_IMPORTED_CONTACTS: "Delete the contacts LinkedIn imported",
  REVOKE_TOKENS: "Revoke the access LinkedIn gave",
};

export function label(table: Record<string, string>, value?: string): string {
  return (value && table[value]) || value || "unknown";
}

export type LinkedInState = NonNullable<Schemas["v1LinkedInSection"]["state"]>;
