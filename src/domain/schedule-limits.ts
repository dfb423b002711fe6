/** WeCom's documented input limits for schedules (WECOM.md sections 4.1, 4.2). */
export const ScheduleLimits = {
  summaryMaxChars: 128,
  descriptionMaxChars: 1000,
  locationMaxChars: 128,
  adminsMax: 3,
  attendeesMax: 1000,
  userIdMaxBytes: 64,
  calendarIdMaxBytes: 64,
  timezoneMin: -12,
  timezoneMax: 12,
  /** WeCom times are uint32 unix seconds. */
  maxUnixSeconds: 0xffffffff,
} as const;

/** remind_time_diffs allowed for any schedule, in seconds relative to the start. */
export const REMIND_TIME_DIFFS = [0, -300, -900, -3600, -86400] as const;
/** remind_time_diffs allowed only for whole-day schedules (09:00 that day, 2 days and 1 week before). */
export const WHOLE_DAY_ONLY_REMIND_TIME_DIFFS = [32400, -172800, -604800] as const;
export const ALL_REMIND_TIME_DIFFS = [...REMIND_TIME_DIFFS, ...WHOLE_DAY_ONLY_REMIND_TIME_DIFFS];
