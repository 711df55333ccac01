export { ageOn } from './age-on';
export { daysInMonth, isCalendarDate, shanghaiDate, todayInShanghai } from './calendar-date';
export { addDays, addMonths, dayBefore, daysBetween, firstOfMonth, monthsBetween } from './date-arithmetic';
