// Binary search in ascending arrays (typed arrays of days, times, indexes), by
// d3-array's bisectors. Pure.
import { bisectLeft, bisectRight } from 'd3-array';

/** How many items of `sorted` are below `value`: the first index whose item is not. */
export const lowerBound = (sorted: ArrayLike<number>, value: number): number => bisectLeft(sorted, value);

/** How many items of `sorted` are at most `value`. */
export const upperBound = (sorted: ArrayLike<number>, value: number): number => bisectRight(sorted, value);
