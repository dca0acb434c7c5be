/** Two digits, zero-padded: the hours, minutes, days and months of the device's date and time texts. */
export const two = (n: number): string => String(n).padStart(2, '0');
