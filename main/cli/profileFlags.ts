// The --profile and --save-profile flags, apart from the profile code they lead to, so that a
// command parses them without loading the profile schemas (main/cli/profileOption.ts).
export const PROFILE_OPTIONS = {
  profile: { type: 'string' },
  'save-profile': { type: 'string' },
} as const;
