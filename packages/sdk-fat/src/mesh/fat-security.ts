import { Code, RpcError, type TlsOptions } from '@dubbo-mesh/sdk-core';

/** Certificates for mTLS to providers on the Fat path (PEM text or bytes). */
export interface MtlsCertificates {
  ca: string | Buffer;
  cert: string | Buffer;
  key: string | Buffer;
}

export interface MeshSecurityOptions {
  /** mTLS for the Fat path: the certificates the sidecar would have used. */
  mtls?: MtlsCertificates;
  /**
   * The mesh enforces mTLS between services. Without certificates the client then refuses to fall
   * back at all: calls fail UNAVAILABLE saying why, rather than go to providers in plaintext.
   */
  requireMtls?: boolean;
}

/** How the Fat path may talk to providers: with these TLS settings, or not at all. */
export type FatSecurity =
  | { readonly allowed: true; readonly tls: TlsOptions | undefined }
  | { readonly allowed: false; readonly refusal: string };

/**
 * Works out the Fat path's transport security (ARCHITECTURE.md: security does not degrade). `tls` is
 * the Fat client's own `tls` option, used when `security.mtls` is not given.
 */
export function fatSecurity(
  security: MeshSecurityOptions | undefined,
  tls: TlsOptions | undefined,
): FatSecurity {
  if (security?.mtls) {
    const { ca, cert, key } = security.mtls;
    return { allowed: true, tls: { ...tls, ca, cert, key } };
  }
  if (!security?.requireMtls) return { allowed: true, tls };
  if (tls?.cert !== undefined && tls.key !== undefined) return { allowed: true, tls };
  return {
    allowed: false,
    refusal:
      'the mesh requires mTLS (security.requireMtls) but no client certificate is configured ' +
      '(security.mtls {ca, cert, key}): refusing to fall back to calling providers in plaintext',
  };
}

/** The error of a call the Fat path refused to carry. */
export function refusedFallback(refusal: string, why: string): RpcError {
  return new RpcError(Code.Unavailable, `the sidecar is not available (${why}) and ${refusal}`);
}
