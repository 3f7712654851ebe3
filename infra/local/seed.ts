import { DEFAULT_OFFICE_HOURS } from '../../shared/domain/calendar.js';
import { generatedYear, OFFICIAL_CALENDARS } from '../../shared/domain/holidays.js';
import { DEPARTMENT_TERMS, ROLE_TERMS } from '../../shared/domain/glossary.js';
import { DEPARTMENTS, type Department, type Procedure, type Role, type Step } from '../../shared/domain/model.js';
import { loadProvince, putCalendar, putCommune, putProcedure, putProvince } from '../../shared/adapters/province-config.js';

/** The demo province: Lai Châu with four communes (demo unit codes). */
export const DEMO_PROVINCE = { code: 'LCI', name: 'Lai Châu', reportRecipients: ['vanphong@laichau.gov.vn'] };
export const DEMO_COMMUNES = [
  {
    code: 'H30.01',
    name: 'Tân Uyên',
    reportRecipients: ['lanhdao.tanuyen@laichau.gov.vn'],
    // A demo account at Agribank (BIN 970405) for the fees transferred by VietQR.
    collectionAccount: { bankBin: '970405', accountNumber: '8800201012345', accountName: 'UBND XA TAN UYEN' },
  },
  { code: 'H30.02', name: 'Mường Khoa' },
  { code: 'H30.03', name: 'Pắc Ta' },
  { code: 'H30.04', name: 'Nậm Sỏ' },
];

/** A demo official: the claims a token for them carries, with their name and how the sign-in page lists them. */
export interface DemoOfficial {
  sub: string;
  /** The person's name, as the token's `name` claim carries it. */
  name: string;
  /** "Lò Thị Hoa — Tiếp nhận (công chức một cửa) — Tân Uyên": name, post and place. */
  label: string;
  roles: Role[];
  province: string;
  commune?: string;
  department?: Department;
}

const SUB_OF_DEPARTMENT: Record<Department, string> = { OFFICE: 'office', ECONOMICS: 'economics', CULTURE_SOCIETY: 'culture' };

/**
 * The people of each commune in the order of its posts: the desk; the heads of the Office,
 * Economics and Culture–Society; their specialists; the leader; the clerk.
 */
const COMMUNE_PEOPLE: Record<string, string[]> = {
  'H30.01': ['Lò Thị Hoa', 'Nguyễn Văn Thành', 'Hoàng Văn Dũng', 'Tao Thị Mai', 'Lê Thị Thu', 'Vàng A Sình', 'Lù Thị Lan', 'Trần Văn Bình', 'Phạm Thị Hằng'],
  'H30.02': ['Lò Văn Hùng', 'Đỗ Thị Nga', 'Giàng A Páo', 'Lường Thị Xuân', 'Bùi Văn Long', 'Lò Thị Hương', 'Tẩn Thị Mẩy', 'Hà Văn Quang', 'Nguyễn Thị Yến'],
  'H30.03': ['Vàng Thị Dung', 'Trần Văn Khải', 'Sùng A Chứ', 'Lê Thị Oanh', 'Hoàng Thị Nhung', 'Phạm Văn Tuấn', 'Lý Thị Sen', 'Đèo Văn Thắng', 'Lò Thị Vân'],
  'H30.04': ['Lù Văn Chiến', 'Nguyễn Thị Hạnh', 'Tao Văn Hải', 'Vũ Thị Loan', 'Cầm Văn Toàn', 'Đinh Thị Hòa', 'Giàng Thị Dua', 'Lò Văn Phong', 'Hà Thị Thảo'],
};
const PROVINCE_PEOPLE = { PROVINCE_ADMIN: 'Nguyễn Thị Minh Phương', PROVINCE_AUDITOR: 'Trần Quốc Việt' } as const;

/** One official per role and department of each commune, and the province's two roles. */
export const DEMO_OFFICIALS: DemoOfficial[] = [
  ...DEMO_COMMUNES.flatMap((commune) => {
    const people = [...COMMUNE_PEOPLE[commune.code]!];
    const official = (sub: string, role: Role, department?: Department): DemoOfficial => {
      const name = people.shift()!;
      return {
        sub: `${sub}@${commune.code}`,
        name,
        label: `${name} — ${ROLE_TERMS[role]}${department ? ` ${DEPARTMENT_TERMS[department]}` : ''} — ${commune.name}`,
        roles: [role],
        province: DEMO_PROVINCE.code,
        commune: commune.code,
        ...(department ? { department } : {}),
      };
    };
    return [
      official('reception', 'RECEPTION'),
      ...DEPARTMENTS.map((d) => official(`head-${SUB_OF_DEPARTMENT[d]}`, 'DEPT_HEAD', d)),
      ...DEPARTMENTS.map((d) => official(`specialist-${SUB_OF_DEPARTMENT[d]}`, 'SPECIALIST', d)),
      official('leader', 'LEADER'),
      official('clerk', 'CLERK'),
    ];
  }),
  ...(['PROVINCE_ADMIN', 'PROVINCE_AUDITOR'] as const).map((role) => ({
    sub: `${role === 'PROVINCE_ADMIN' ? 'admin' : 'auditor'}@${DEMO_PROVINCE.code}`,
    name: PROVINCE_PEOPLE[role],
    label: `${PROVINCE_PEOPLE[role]} — ${ROLE_TERMS[role]} — ${DEMO_PROVINCE.name}`,
    roles: [role],
    province: DEMO_PROVINCE.code,
  })),
];

const budgets = (...days: number[]): Record<Step, number> => {
  const [RECEPTION = 0, ASSIGNMENT = 0, APPRAISAL = 0, REVIEW = 0, APPROVAL = 0, ISSUANCE = 0] = days;
  return { RECEPTION, ASSIGNMENT, APPRAISAL, REVIEW, APPROVAL, ISSUANCE };
};

/** A demo catalogue: every department has whole-day procedures under PAUSE and a same-day one. */
export const DEMO_CATALOGUE: Omit<Procedure, 'version'>[] = [
  {
    code: '2.000908',
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
    department: 'OFFICE',
    processing: { kind: 'SAME_DAY' },
    stepBudgets: budgets(),
    requiredDocuments: ['Bản chính giấy tờ', 'Bản sao cần chứng thực'],
    supplementRule: 'PAUSE',
  },
  {
    code: '1.004873',
    name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    department: 'OFFICE',
    processing: { kind: 'WORKING_DAYS', days: 3 },
    stepBudgets: budgets(0.25, 0.25, 1.5, 0.5, 0.25, 0.25),
    requiredDocuments: ['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân'],
    supplementRule: 'PAUSE',
  },
  {
    code: '2.000720',
    name: 'Xác nhận hợp đồng tiếp cận nguồn gen (hộ kinh doanh)',
    department: 'ECONOMICS',
    processing: { kind: 'SAME_DAY' },
    stepBudgets: budgets(),
    requiredDocuments: ['Hợp đồng'],
    supplementRule: 'PAUSE',
  },
  {
    code: '1.001612',
    name: 'Đăng ký thành lập hộ kinh doanh',
    department: 'ECONOMICS',
    processing: { kind: 'WORKING_DAYS', days: 3 },
    stepBudgets: budgets(0.25, 0.25, 1.5, 0.5, 0.25, 0.25),
    requiredDocuments: ['Giấy đề nghị đăng ký hộ kinh doanh', 'Bản sao giấy tờ pháp lý của chủ hộ'],
    supplementRule: 'PAUSE',
  },
  {
    code: '1.009994',
    name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    department: 'ECONOMICS',
    processing: { kind: 'WORKING_DAYS', days: 15 },
    stepBudgets: budgets(0.5, 1, 10, 1.5, 1.5, 0.5),
    requiredDocuments: ['Đơn đề nghị cấp giấy phép xây dựng', 'Bản sao giấy tờ về quyền sử dụng đất', 'Bản vẽ thiết kế'],
    fees: [
      { code: 'PHI_THAM_DINH', name: 'Phí thẩm định hồ sơ cấp giấy phép xây dựng', kind: 'PHI', amount: 50000, onlineAmount: 25000, collectAt: 'RECEPTION' },
      {
        code: 'LE_PHI_CAP_PHEP',
        name: 'Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ',
        kind: 'LE_PHI',
        amount: 75000,
        collectAt: 'RECEPTION',
        legalBasis: 'Nghị quyết của HĐND tỉnh về phí, lệ phí',
      },
    ],
    exemptions: [
      { group: 'HO_NGHEO', name: 'Hộ nghèo', percent: 100 },
      { group: 'DTTS_DBKK', name: 'Người dân tộc thiểu số ở xã đặc biệt khó khăn', percent: 50 },
    ],
    supplementRule: 'RESET',
  },
  {
    code: '1.001653',
    name: 'Xác nhận vào đơn đề nghị di chuyển hài cốt liệt sĩ',
    department: 'CULTURE_SOCIETY',
    processing: { kind: 'SAME_DAY' },
    stepBudgets: budgets(),
    requiredDocuments: ['Đơn đề nghị'],
    supplementRule: 'PAUSE',
  },
  {
    code: '2.000286',
    name: 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng',
    department: 'CULTURE_SOCIETY',
    processing: { kind: 'WORKING_DAYS', days: 10 },
    stepBudgets: budgets(0.5, 1, 6, 1, 1, 0.5),
    requiredDocuments: ['Tờ khai đề nghị trợ giúp xã hội'],
    supplementRule: 'PAUSE',
  },
  {
    code: '1.003622',
    name: 'Công nhận gia đình văn hóa',
    department: 'CULTURE_SOCIETY',
    processing: { kind: 'WORKING_DAYS', days: 5 },
    stepBudgets: budgets(0.25, 0.5, 3, 0.5, 0.5, 0.25),
    requiredDocuments: ['Đơn đề nghị'],
    supplementRule: 'PAUSE',
  },
  {
    code: '2.000635',
    name: 'Cấp bản sao trích lục hộ tịch',
    department: 'OFFICE',
    processing: { kind: 'WORKING_DAYS', days: 2 },
    stepBudgets: budgets(0.25, 0.25, 0.5, 0.5, 0.25, 0.25),
    requiredDocuments: ['Tờ khai cấp bản sao trích lục hộ tịch'],
    fees: [{ code: 'LE_PHI_BAN_SAO', name: 'Lệ phí cấp bản sao trích lục hộ tịch', kind: 'LE_PHI', amount: 8000, collectAt: 'RESULT' }],
    exemptions: [{ group: 'HO_NGHEO', name: 'Hộ nghèo', percent: 100 }],
    supplementRule: 'PAUSE',
  },
];

/** Years after the official notices, generated from the Labour Code until a notice replaces them. */
const GENERATED_FROM = Math.max(...OFFICIAL_CALENDARS.map((c) => c.year)) + 1;
const GENERATED_TO = GENERATED_FROM + 7;

/** Seeds the demo province once; an existing province is left as it is. */
export async function seedDemoProvince(): Promise<boolean> {
  if (await loadProvince(DEMO_PROVINCE.code)) return false;
  for (const calendar of OFFICIAL_CALENDARS) await putCalendar(DEMO_PROVINCE.code, calendar);
  for (let year = GENERATED_FROM; year <= GENERATED_TO; year++) await putCalendar(DEMO_PROVINCE.code, generatedYear(year));
  for (const commune of DEMO_COMMUNES) await putCommune({ ...commune, province: DEMO_PROVINCE.code });
  for (const procedure of DEMO_CATALOGUE) await putProcedure(DEMO_PROVINCE.code, procedure, 0);
  // Written last: a province counts as seeded only once everything it needs is there.
  await putProvince(DEMO_PROVINCE.code, { name: DEMO_PROVINCE.name, officeHours: DEFAULT_OFFICE_HOURS, reportRecipients: DEMO_PROVINCE.reportRecipients });
  return true;
}
