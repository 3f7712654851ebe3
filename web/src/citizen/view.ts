import { DEPARTMENT_NAMES, STATUS_TERMS, STEP_TERMS, TIMELINESS_TERMS } from '../../../shared/domain/glossary';
import type { Status } from '../../../shared/domain/model';
import QRCode from 'qrcode';
import { dateTime, money } from '../format';
import { electronicResult, payOnline, rate, Refusal, type PublicStatus } from './api';
import { h } from './dom';

/** What each status means for the citizen, beside the term officials use (the glossary's). */
const STATUS_MEANING: Record<Status, string> = {
  SUBMITTED: 'Hồ sơ đã được gửi và đang chờ Bộ phận Một cửa kiểm tra, tiếp nhận.',
  AWAITING_PAYMENT: 'Hồ sơ đã được tiếp nhận và chờ nộp phí, lệ phí. Hồ sơ được giải quyết từ khi ông/bà nộp đủ.',
  IN_PROCESSING: 'Hồ sơ đã được tiếp nhận và đang được giải quyết.',
  SUPPLEMENT_REQUESTED: 'Hồ sơ cần bổ sung giấy tờ. Ông/bà bổ sung trước hạn dưới đây để hồ sơ được tiếp tục giải quyết.',
  REFUSED: 'Hồ sơ không được tiếp nhận giải quyết.',
  RESULT_READY: 'Đã có kết quả. Mời ông/bà mang giấy tiếp nhận đến Bộ phận Một cửa để nhận kết quả.',
  RETURNED: 'Ông/bà đã nhận kết quả.',
  WITHDRAWN: 'Hồ sơ đã được rút.',
};

const office = (department: PublicStatus['steps'][number]['department']) => (department === 'DESK' ? 'Bộ phận Một cửa' : DEPARTMENT_NAMES[department]);

/** A labelled line: term, then value. */
const fact = (term: string, value: string) => h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, value));

function section(title: string, id: string, ...children: (Node | false | undefined)[]) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

function summary(s: PublicStatus) {
  const now = s.step && s.status === 'IN_PROCESSING' ? s.steps.findLast((x) => x.step === s.step && !x.completedAt) : undefined;
  return section(
    'Tình trạng',
    'tinh-trang',
    h('p', { class: `status status-${s.status.toLowerCase()}`, 'data-testid': 'status' }, STATUS_TERMS[s.status]),
    h('p', {}, STATUS_MEANING[s.status]),
    h(
      'dl',
      {},
      fact('Mã hồ sơ', s.code),
      fact('Thủ tục', s.procedure.name),
      now && s.step ? fact('Đang ở bước', `${STEP_TERMS[s.step]} — ${office(now.department)}`) : false,
      fact('Ngày nộp', dateTime(s.submittedAt)),
      s.acceptedAt ? fact('Ngày tiếp nhận', dateTime(s.acceptedAt)) : false,
      s.dueAt ? fact('Ngày hẹn trả kết quả', dateTime(s.dueAt)) : false,
      s.completedAt ? fact('Ngày có kết quả', dateTime(s.completedAt)) : false,
      s.returnedAt ? fact('Ngày trả kết quả', dateTime(s.returnedAt)) : false,
      s.timeliness ? fact('So với ngày hẹn', TIMELINESS_TERMS[s.timeliness]) : false,
    ),
  );
}

function supplement(s: PublicStatus) {
  const asked = s.supplement;
  if (!asked || asked.suppliedAt || s.status !== 'SUPPLEMENT_REQUESTED') return undefined;
  return section(
    'Giấy tờ cần bổ sung',
    'bo-sung',
    h('ul', {}, ...asked.documents.map((d) => h('li', {}, d))),
    h('p', {}, `Lý do: ${asked.reason}`),
    h('p', { class: 'deadline' }, `Hạn bổ sung: ${dateTime(asked.supplyBy)}`),
    h('p', {}, 'Quá hạn này mà chưa bổ sung, hồ sơ sẽ bị từ chối giải quyết.'),
  );
}

/** What to pay while the fees are awaited: the amount, the VietQR of the commune's account, the online payment. */
function payment(s: PublicStatus, secret: string) {
  const due = s.payment;
  if (!due) return undefined;
  const message = h('p', { role: 'status' });
  const button = h('button', { type: 'button' }, 'Thanh toán trực tuyến');
  button.addEventListener('click', async () => {
    button.disabled = true;
    message.textContent = 'Đang mở cổng thanh toán…';
    try {
      location.assign((await payOnline(s.code, secret)).paymentUrl);
    } catch (error) {
      message.textContent = error instanceof Refusal ? error.message : String(error);
      button.disabled = false;
    }
  });
  const transfer = due.transfer;
  const qr = transfer
    ? h('img', { class: 'qr', width: '200', height: '200', alt: `Mã VietQR chuyển khoản ${money(due.amount)} cho hồ sơ ${s.code}` })
    : undefined;
  if (transfer && qr) {
    // Drawn on the phone from the payload, as an image of its own: no HTML is parsed, nothing asked elsewhere.
    void QRCode.toString(transfer.vietQr, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }).then((svg) => {
      qr.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    });
  }
  return section(
    'Phí, lệ phí cần nộp',
    'nop-phi',
    h('p', { class: 'amount', 'data-testid': 'amount-due' }, money(due.amount)),
    h(
      'p',
      {},
      'Ông/bà nộp bằng một trong hai cách: thanh toán trực tuyến, hoặc chuyển khoản bằng ứng dụng ngân hàng quét mã VietQR dưới đây. Biên lai được cấp khi khoản nộp được xác nhận.',
    ),
    button,
    message,
    transfer
      ? h(
          'div',
          { class: 'transfer' },
          h('h3', {}, 'Chuyển khoản bằng VietQR'),
          qr,
          h('dl', {}, fact('Chủ tài khoản', transfer.accountName), fact('Số tài khoản', transfer.accountNumber), fact('Nội dung', s.code)),
          h('p', { class: 'hint' }, 'Khoản chuyển khoản được Bộ phận Một cửa xác nhận khi đối chiếu với ngân hàng, nên tình trạng hồ sơ có thể chưa đổi ngay.'),
        )
      : undefined,
  );
}

function refusal(s: PublicStatus) {
  return s.refusal ? section('Lý do từ chối', 'tu-choi', h('p', {}, s.refusal.reason)) : undefined;
}

function steps(s: PublicStatus) {
  if (s.steps.length === 0) return undefined;
  return section(
    'Quá trình giải quyết',
    'qua-trinh',
    h(
      'ol',
      { class: 'steps' },
      ...s.steps.map((x) =>
        h(
          'li',
          { class: x.completedAt ? 'done' : 'current' },
          h('strong', {}, STEP_TERMS[x.step]),
          h('span', {}, office(x.department)),
          h('span', {}, x.completedAt ? `Xong: ${dateTime(x.completedAt)}` : `Bắt đầu: ${dateTime(x.startedAt)} — đang thực hiện`),
        ),
      ),
    ),
  );
}

/** The electronic result, fetched when asked for: its download addresses last five minutes. */
function result(s: PublicStatus, secret: string) {
  if (!s.result) return undefined;
  const decision = s.result.decision === 'APPROVED' ? 'Hồ sơ được giải quyết.' : 'Hồ sơ không được giải quyết; lý do ghi trong văn bản trả lời.';
  if (!s.result.electronic) return section('Kết quả', 'ket-qua', h('p', {}, decision));
  const signed = (s.result.signatures ?? []).map((g) =>
    h('li', {}, `${g.role === 'LEADER' ? 'Người có thẩm quyền ký' : 'Đóng dấu cơ quan'}: ${g.signer}, ${dateTime(g.signedAt)}`),
  );
  const signatures = signed.length ? h('ul', { 'data-testid': 'chu-ky' }, ...signed) : undefined;
  const files = h('div', {});
  const button = h('button', { type: 'button', class: 'secondary' }, 'Tải kết quả điện tử');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const answer = await electronicResult(s.code, secret);
      files.replaceChildren(h('ul', {}, ...answer.files.map((f) => h('li', {}, h('a', { href: f.downloadUrl, rel: 'noopener' }, f.name)))));
    } catch (error) {
      files.replaceChildren(h('p', { role: 'alert', class: 'refusal' }, error instanceof Refusal ? error.message : String(error)));
    } finally {
      button.disabled = false;
    }
  });
  return section('Kết quả', 'ket-qua', h('p', {}, decision), ...(signatures ? [h('p', {}, 'Kết quả điện tử đã được ký số:'), signatures] : []), button, files);
}

/** The satisfaction rating (Decision 766/QĐ-TTg), once the result was returned; once per dossier. */
function rating(s: PublicStatus, secret: string) {
  if (s.status !== 'RETURNED') return undefined;
  const thanks = (score: number) => h('p', { 'data-testid': 'rated' }, `Cảm ơn ông/bà đã đánh giá: ${score}/5.`);
  if (s.rating) return section('Đánh giá', 'danh-gia', thanks(s.rating.score));
  const labels = ['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'];
  const choices = labels.map((label, i) =>
    h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'score', value: String(i + 1), required: true }), ` ${i + 1} — ${label}`),
  );
  const comment = h('textarea', { id: 'gop-y', name: 'comment', maxlength: '1000', rows: '3' });
  const message = h('p', { role: 'status' });
  const form = h(
    'form',
    {},
    h('fieldset', {}, h('legend', {}, 'Ông/bà hài lòng với việc giải quyết hồ sơ ở mức nào?'), ...choices),
    h('label', { for: 'gop-y' }, 'Góp ý (không bắt buộc)'),
    comment,
    h('button', { type: 'submit' }, 'Gửi đánh giá'),
    message,
  );
  const card = section('Đánh giá', 'danh-gia', form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const score = Number(new FormData(form).get('score'));
    try {
      const given = await rate(s.code, secret, score, comment.value.trim());
      form.replaceWith(thanks(given.score));
    } catch (error) {
      message.textContent = error instanceof Refusal ? error.message : String(error);
    }
  });
  return card;
}

/** Everything the page shows of a dossier, in the order a citizen asks: where is it, what do I do, when. */
export function dossierView(s: PublicStatus, secret: string): Node[] {
  return [summary(s), payment(s, secret), supplement(s), refusal(s), result(s, secret), rating(s, secret), steps(s)].filter(
    (n): n is HTMLElement => n !== undefined,
  );
}
