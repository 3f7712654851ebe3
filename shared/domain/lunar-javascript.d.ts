/**
 * The few parts of `lunar-javascript` (CommonJS, no bundled types) that shared/domain/holidays.ts uses.
 * Its lunar calendar is the Chinese one, reckoned in Beijing time (UTC+8).
 */
declare module 'lunar-javascript' {
  interface LunarMonth {
    /** Julian day number (the noon of that day) of the month's first day, in Beijing time. */
    getFirstJulianDay(): number;
  }

  const lunar: {
    LunarMonth: {
      /** A month of a lunar year; a leap month is negative (-3 is the leap third month). */
      fromYm(lunarYear: number, lunarMonth: number): LunarMonth;
    };
    Solar: {
      /** Julian day of 2000-01-01 12:00: 2451545. */
      readonly J2000: number;
    };
    ShouXingUtil: {
      /**
       * Instant of the new moon at which the Moon–Sun longitude difference is `w` radians, in days
       * since J2000 shifted to Beijing time (UTC+8): its Beijing date is floor(t + 0.5) + J2000.
       */
      shuoHigh(w: number): number;
    };
  };
  export default lunar;
}
