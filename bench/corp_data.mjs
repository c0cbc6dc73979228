// corp_data.mjs — writes a corporate-number file in the National Tax
// Agency's CSV format (Unicode edition, 30 quoted fields, CRLF) to stdout,
// for measuring `mamori corp import`: node bench/corp_data.mjs LINES [SEED].
// Invented firms only; every number has a correct check digit, one in 50
// is closed with a successor, and the last tenth of the lines are newer
// states (a name change) of numbers written earlier, as a difference file
// would carry. The output is never committed (a million lines is ~300 MB).
const lines = Number(process.argv[2] || 1000000);
let seed = Number(process.argv[3] || 1);
const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };

function number(i) {
  const body = String(100000000000 + i).slice(-12);
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(body[12 - n]) * (n % 2 ? 1 : 2);
  return String(9 - (sum % 9)) + body;
}

const prefectures = ['北海道', '東京都', '神奈川県', '愛知県', '大阪府', '福岡県'];
const codes = ['01', '13', '14', '23', '27', '40'];
const q = (s) => `"${s}"`;
const out = [];
const fresh = Math.floor(lines * 0.9);
for (let i = 1; i <= lines; i++) {
  const k = i <= fresh ? i : 1 + rand(fresh);
  const p = k % prefectures.length;
  const closed = k % 50 === 0;
  const renamed = i > fresh;
  const f = [
    String(i), number(k), renamed ? '11' : '01', '0', renamed ? '2024-04-02' : '2015-11-13',
    '2015-10-05', `株式会社試験${k}${renamed ? 'ホールディングス' : ''}`, '', '301', prefectures[p],
    '中央区', `本町${(k % 9) + 1}丁目${(k % 20) + 1}`, '', codes[p], '101',
    String(1000000 + (k % 8999999)).padStart(7, '0'), '', '', closed ? '2020-03-31' : '',
    closed ? '11' : '', closed ? number(k + 1) : '', '', '2015-10-05', '1', '', '', '', '',
    'シケン', '0',
  ];
  out.push(f.map(q).join(','));
  if (out.length === 10000) {
    process.stdout.write(out.join('\r\n') + '\r\n');
    out.length = 0;
  }
}
if (out.length) process.stdout.write(out.join('\r\n') + '\r\n');
