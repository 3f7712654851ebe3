import type { components } from '../../../shared/client/openapi';

export type PublicStatus = components['schemas']['PublicStatus'];
export type ElectronicResult = components['schemas']['ElectronicResult'];
export type Rating = components['schemas']['Rating'];
export type OnlinePayment = components['schemas']['OnlinePayment'];

type Action = 'lookup' | 'result' | 'rating' | 'payment';

/** Why a call gave nothing, in the citizen's words. */
export class Refusal extends Error {}

/** The plain words of a refused call: the API's problem details stay for integrators. */
function refusalOf(status: number, action: Action): Refusal {
  if (status === 404) return new Refusal('Không tìm thấy hồ sơ với mã hồ sơ và mật khẩu tra cứu này. Ông/bà kiểm tra lại hai mã in trên giấy tiếp nhận.');
  if (status === 429) return new Refusal('Ông/bà đã thử quá nhiều lần. Xin thử lại sau vài phút.');
  if (status === 409 && action === 'rating') return new Refusal('Hồ sơ này đã được đánh giá, hoặc chưa trả kết quả.');
  if (status === 409 && action === 'result') return new Refusal('Kết quả chưa sẵn sàng.');
  if (status === 409 && action === 'payment') return new Refusal('Hồ sơ không còn khoản phí nào chờ nộp. Ông/bà tải lại trang để xem tình trạng mới.');
  if (status === 502 && action === 'payment')
    return new Refusal('Cổng thanh toán đang không phản hồi. Xin thử lại sau ít phút, hoặc chuyển khoản theo mã VietQR.');
  if (status === 400) return new Refusal('Thông tin nhập chưa đúng. Ông/bà kiểm tra lại.');
  return new Refusal('Hệ thống đang bận. Xin thử lại sau ít phút.');
}

/** A public call of the lookup: the secret in the body, never in the address; no cookie sent or kept. */
async function post<T>(path: string, body: unknown, action: Action): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new Refusal('Không kết nối được máy chủ. Ông/bà kiểm tra kết nối mạng rồi thử lại.');
  }
  if (!response.ok) throw refusalOf(response.status, action);
  return (await response.json()) as T;
}

const lookupPath = (code: string) => `/v1/lookup/${encodeURIComponent(code)}`;

export const lookUp = (code: string, secret: string) => post<PublicStatus>(lookupPath(code), { secret }, 'lookup');
export const electronicResult = (code: string, secret: string) => post<ElectronicResult>(`${lookupPath(code)}/result`, { secret }, 'result');
export const rate = (code: string, secret: string, score: number, comment: string) =>
  post<Rating>(`${lookupPath(code)}/rating`, { secret, score, ...(comment ? { comment } : {}) }, 'rating');
export const payOnline = (code: string, secret: string) => post<OnlinePayment>(`${lookupPath(code)}/payment/online`, { secret }, 'payment');
