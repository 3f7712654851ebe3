/**
 * The citizen's page (trang tra cứu) on the console's origin: where it is, and the one content
 * security policy it is served with, by CloudFront on AWS and by the local runtime. It loads
 * nothing but its own files and calls nothing but the lookup on its origin: no cookie, no third
 * party, no inline script or style.
 */
export const CITIZEN_PAGE_PATH = '/tra-cuu/';
/** The built page (web/tra-cuu/index.html), which answers every path under CITIZEN_PAGE_PATH. */
export const CITIZEN_PAGE_FILE = '/tra-cuu/index.html';
export const CITIZEN_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
