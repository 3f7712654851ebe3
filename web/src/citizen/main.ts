import { DOSSIER_CODE } from '../../../shared/domain/codes';
import { lookUp, Refusal } from './api';
import { h } from './dom';
import { dossierView } from './view';
import './citizen.css';

/*
 * The citizen's page: /tra-cuu/{code}#{secret}, as the receipt's QR code and the messages open it.
 * The secret stays in the fragment, which the browser sends to no server; the page sends it in
 * the body of the lookup. A code and secret typed by hand work the same.
 */

const page = document.getElementById('page')!;
const heading = page.querySelector('h1')!;

const fromPath = () => {
  const raw = /^\/tra-cuu\/([^/]+)\/?$/.exec(location.pathname)?.[1];
  try {
    return raw ? decodeURIComponent(raw) : '';
  } catch {
    return '';
  }
};
const fromFragment = () => {
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch {
    return '';
  }
};

function show(...nodes: Node[]) {
  page.replaceChildren(heading, ...nodes);
}

function askForCodes(code: string, secret: string, refusal?: string) {
  const codeInput = h('input', {
    id: 'ma-ho-so',
    name: 'code',
    value: code,
    required: true,
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    pattern: DOSSIER_CODE.source,
    'aria-describedby': 'ma-ho-so-goi-y',
  });
  const secretInput = h('input', {
    id: 'mat-khau',
    name: 'secret',
    value: secret,
    required: true,
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
  });
  const form = h(
    'form',
    { class: 'card', 'aria-label': 'Nhập mã hồ sơ' },
    refusal ? h('p', { role: 'alert', class: 'refusal', 'data-testid': 'refusal' }, refusal) : false,
    h('p', {}, 'Nhập mã hồ sơ và mật khẩu tra cứu in trên giấy tiếp nhận hồ sơ và hẹn trả kết quả.'),
    h('label', { for: 'ma-ho-so' }, 'Mã hồ sơ'),
    codeInput,
    h('p', { id: 'ma-ho-so-goi-y', class: 'hint' }, 'Ví dụ: H30.01-261205-0001'),
    h('label', { for: 'mat-khau' }, 'Mật khẩu tra cứu'),
    secretInput,
    h('button', { type: 'submit' }, 'Tra cứu'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = { code: codeInput.value.trim().toUpperCase(), secret: secretInput.value.trim() };
    // The address becomes the one the receipt's QR code opens: the secret again only in the fragment.
    history.replaceState(null, '', `/tra-cuu/${encodeURIComponent(typed.code)}#${encodeURIComponent(typed.secret)}`);
    void open(typed.code, typed.secret);
  });
  show(form);
  (refusal || !code ? codeInput : secretInput).focus();
}

async function open(code: string, secret: string) {
  show(h('p', { role: 'status' }, 'Đang tra cứu…'));
  try {
    const status = await lookUp(code, secret);
    const another = h('button', { type: 'button', class: 'link' }, 'Tra cứu hồ sơ khác');
    another.addEventListener('click', () => askForCodes('', ''));
    show(...dossierView(status, secret), another);
  } catch (error) {
    askForCodes(code, secret, error instanceof Refusal ? error.message : String(error));
  }
}

const code = fromPath();
const secret = fromFragment();
if (code && secret) void open(code, secret);
else askForCodes(code, secret);
