/**
 * An amount of đồng in Vietnamese words, as a receipt writes it beside the figures ("Số tiền bằng
 * chữ"): "Một trăm hai mươi lăm nghìn đồng". Read in groups of three digits (nghìn, triệu, tỷ;
 * past a tỷ the count of tỷ is read the same way: "một nghìn tỷ"); a group after the first is
 * read whole ("không trăm linh năm"), an empty group is left out.
 */

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;
const GROUPS = ['', 'nghìn', 'triệu'] as const;
const BILLION = 1_000_000_000;

/** The words of 1–999; `whole`: the hundreds are read even when 0, as in a group after the first. */
function group(n: number, whole: boolean): string[] {
  const [h, t, u] = [Math.floor(n / 100), Math.floor(n / 10) % 10, n % 10];
  const words: string[] = [];
  if (h > 0 || whole) words.push(DIGITS[h]!, 'trăm');
  if (t === 0) {
    if (u > 0 && words.length) words.push('linh');
  } else if (t === 1) words.push('mười');
  else words.push(DIGITS[t]!, 'mươi');
  if (u === 0) return words;
  if (u === 1 && t >= 2) words.push('mốt');
  else if (u === 5 && t >= 1) words.push('lăm');
  else words.push(DIGITS[u]!);
  return words;
}

/** The words of a whole number below a tỷ; `whole`: it follows a greater part, so its first group is read whole. */
function belowBillion(n: number, whole: boolean): string[] {
  const words: string[] = [];
  for (let i = GROUPS.length - 1; i >= 0; i--) {
    const g = Math.floor(n / 1000 ** i) % 1000;
    if (g === 0) continue;
    const name = GROUPS[i];
    words.push(...group(g, whole || words.length > 0), ...(name ? [name] : []));
  }
  return words;
}

function wordsOf(n: number, whole: boolean): string[] {
  if (n < BILLION) return belowBillion(n, whole);
  const billions = Math.floor(n / BILLION);
  const rest = n % BILLION;
  return [...wordsOf(billions, whole), 'tỷ', ...(rest ? belowBillion(rest, true) : [])];
}

/** The amount in words with "đồng", its first letter capital. Throws for what is not a whole amount ≥ 0. */
export function amountInWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`not a whole amount of đồng: ${amount}`);
  const words = amount === 0 ? ['không'] : wordsOf(amount, false);
  const text = `${words.join(' ')} đồng`;
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}
