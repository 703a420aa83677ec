// TIMEX3 values in words, as newsgraph/humandates.py writes them (a browser test checks the two
// agree): "2020-01-11TMO" -> "Saturday morning, 11 Jan 2020". A value these rules do not know is
// shown as it is. humanDate() gives an element with the value in its tooltip.
import { el } from "./dom.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const PARTS_OF_DAY = { MO: "morning", AF: "afternoon", EV: "evening", NI: "night", DT: "daytime" };
const SEASONS = { SP: "spring", SU: "summer", FA: "autumn", WI: "winter" };
const ORDINALS = ["first", "second", "third", "fourth"];
const REFERENCES = { PRESENT_REF: "now", PAST_REF: "recently", FUTURE_REF: "in the future" };
const DATE_UNITS = { Y: ["year", "years"], M: ["month", "months"], W: ["week", "weeks"], D: ["day", "days"] };
const TIME_UNITS = { H: ["hour", "hours"], M: ["minute", "minutes"], S: ["second", "seconds"] };
const SOME_UNITS = { Y: "years", M: "months", W: "weeks", D: "days", DE: "decades", CE: "centuries", TH: "hours", TM: "minutes", TS: "seconds" };
const EVERY = { P1Y: "every year", P1M: "every month", P1W: "every week", P1D: "every day", PT1H: "every hour" };

const DAY = /^(\d{4})-(\d{2})-(\d{2})(?:T(MO|AF|EV|NI|DT)|T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/;
const DURATION = /^P(?:((?:[\d.]+[YMWD])+))?(?:T((?:[\d.]+[HMS])+))?$/;

// Dates are built in UTC so the weekday never depends on the reader's time zone.
function calendarDay(year, month, day) {
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  if (y < 1) return null;
  const date = new Date(Date.UTC(2000, 0, 1));
  date.setUTCFullYear(y, m - 1, d); // setUTCFullYear, unlike Date.UTC, leaves years 1-99 as they are
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : null;
}
const dayText = (date) => `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
const weekday = (date) => WEEKDAYS[(date.getUTCDay() + 6) % 7];
const amount = (text) => String(Number(text));

/** An ISO 8601 duration in words ("P2D" -> "2 days", "PXY" -> "some years"), or null. */
export function describeDuration(value) {
  if (value.startsWith("PX") || value.startsWith("PTX")) {
    const key = value.startsWith("PTX") ? "T" + value.slice(3) : value.slice(2);
    return SOME_UNITS[key] ? `some ${SOME_UNITS[key]}` : null;
  }
  const match = DURATION.exec(value);
  if (!match || !(match[1] || match[2])) return null;
  const words = [];
  for (const [part, units] of [[match[1], DATE_UNITS], [match[2], TIME_UNITS]]) {
    for (const [, number, designator] of (part || "").matchAll(/([\d.]+)([A-Z])/g)) {
      if (!units[designator]) return null;
      words.push(`${amount(number)} ${Number(number) === 1 ? units[designator][0] : units[designator][1]}`);
    }
  }
  return words.join(" ");
}

/** A TIMEX3 date or time value in words, or null. */
export function describeDate(value) {
  if (REFERENCES[value]) return REFERENCES[value];
  if (value.includes("/")) {
    const [start, end] = [value.slice(0, value.indexOf("/")), value.slice(value.indexOf("/") + 1)];
    const first = describeDate(start), last = describeDate(end);
    return first && last ? `${first} to ${last}` : null;
  }
  let match = DAY.exec(value);
  if (match) {
    const date = calendarDay(match[1], match[2], match[3]);
    if (!date) return null;
    if (match[4]) return `${weekday(date)} ${PARTS_OF_DAY[match[4]]}, ${dayText(date)}`;
    if (match[5]) return `${weekday(date)}, ${dayText(date)}, ${match[5]}:${match[6]}`;
    return `${weekday(date)}, ${dayText(date)}`;
  }
  if (/^\d{4}-\d{2}$/.test(value)) {
    const month = Number(value.slice(5));
    return month >= 1 && month <= 12 ? `${MONTH_NAMES[month - 1]} ${value.slice(0, 4)}` : null;
  }
  if (/^\d{4}$/.test(value)) return value;
  if (/^\d{3}$/.test(value)) return `the ${value}0s`;
  if (/^\d{2}$/.test(value)) return `the ${value}00s`;
  if ((match = /^(\d{4})-Q([1-4])$/.exec(value))) return `the ${ORDINALS[match[2] - 1]} quarter of ${match[1]}`;
  if ((match = /^(\d{4})-H([12])$/.exec(value))) return `the ${ORDINALS[match[2] - 1]} half of ${match[1]}`;
  if ((match = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value))) return `${SEASONS[match[2]]} ${match[1]}`;
  if ((match = /^(\d{4})-W(\d{2})(-WE)?$/.exec(value))) {
    // ISO week 1 holds 4 January; its Monday starts the count.
    const jan4 = new Date(Date.UTC(Number(match[1]), 0, 4));
    const week = Number(match[2]);
    if (week < 1 || week > 53) return null;
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400000 + (week - 1) * 7 * 86400000);
    if (week === 53) {
      const nextJan4 = new Date(Date.UTC(Number(match[1]) + 1, 0, 4));
      const nextMonday = new Date(nextJan4.getTime() - ((nextJan4.getUTCDay() + 6) % 7) * 86400000);
      if (monday.getTime() >= nextMonday.getTime()) return null;
    }
    return match[3] ? `the weekend of ${dayText(new Date(monday.getTime() + 5 * 86400000))}` : `the week of ${dayText(monday)}`;
  }
  if ((match = /^XXXX-WXX-([1-7])$/.exec(value))) return `every ${WEEKDAYS[match[1] - 1]}`;
  if ((match = /^XXXX-(\d{2})(?:-(\d{2}))?$/.exec(value))) {
    const month = Number(match[1]);
    if (month < 1 || month > 12) return null;
    return `${match[2] ? `${Number(match[2])} ${MONTHS[month - 1]}` : MONTH_NAMES[month - 1]}, year unknown`;
  }
  return null;
}

/** A TIMEX3 value of any type in words; null for no value, the value itself when unknown. */
export function describeTime(value, kind) {
  if (!value) return null;
  if (kind === "SET" && EVERY[value]) return EVERY[value];
  if (value.startsWith("P")) {
    const words = describeDuration(value);
    if (words !== null) return kind === "SET" ? `every ${words}` : words;
  }
  return describeDate(value) || value;
}

/** A span showing a value in words, the TIMEX3 value (or ISO date) in its tooltip. */
export function humanDate(value, kind, attrs) {
  if (!value) return el("span", attrs || {}, "");
  return el("time", { ...(attrs || {}), datetime: /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null, title: value, class: "when" }, describeTime(value, kind));
}
