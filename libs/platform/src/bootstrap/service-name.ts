/** Injection token for the service's name (e.g. 'social-assistance'). */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
