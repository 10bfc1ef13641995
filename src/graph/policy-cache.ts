// Each distinct policy document compiled once: managed policies by ARN and version (AWS managed
// policies repeat in every account), inline documents and org policies by their text.
import { compilePolicy, type CompiledPolicy } from '../policy/compile.js';
import { InvalidPolicyError } from '../policy/errors.js';

export class PolicyCache {
  readonly #byKey = new Map<string, CompiledPolicy | null>();
  readonly #byObject = new Map<object, CompiledPolicy | null>();
  constructor(private readonly warn: (message: string) => void) {}

  /** A managed policy version; `where` names it in warnings. */
  managed(arn: string, versionId: string, document: unknown, where: string): CompiledPolicy | undefined {
    return this.#compile(this.#byKey, `${arn}@${versionId}`, document, arn, where);
  }

  /** An inline, trust or organization policy document (object or URL-encoded text). */
  document(document: unknown, name: string, where: string): CompiledPolicy | undefined {
    // Org policy documents are shared objects across accounts: identity first, text second.
    if (typeof document === 'object' && document !== null) {
      const known = this.#byObject.get(document);
      if (known !== undefined) return known ?? undefined;
      const compiled = this.#compile(this.#byKey, JSON.stringify(document), document, name, where);
      this.#byObject.set(document, compiled ?? null);
      return compiled;
    }
    return this.#compile(this.#byKey, String(document), document, name, where);
  }

  #compile(cache: Map<string, CompiledPolicy | null>, key: string, document: unknown, name: string, where: string): CompiledPolicy | undefined {
    const known = cache.get(key);
    if (known !== undefined) return known ?? undefined;
    let compiled: CompiledPolicy | null = null;
    try {
      compiled = compilePolicy(document, name);
    } catch (error) {
      if (!(error instanceof InvalidPolicyError)) throw error;
      this.warn(`${where}: not a valid policy, ignored (${error.message.slice(error.policyName.length + 2)})`);
    }
    cache.set(key, compiled);
    return compiled ?? undefined;
  }
}
