import { ValidationError, validate } from 'class-validator';
import { GraphQLResolveInfo, isInputObjectType, getNamedType } from 'graphql';
import { UserInputError } from '../errors/gateway-error';

/** One broken limit, with the path of the input field, e.g. `input.attendees[2].userId`. */
export interface InputViolation {
  field: string;
  message: string;
}

/**
 * type-graphql's `validateFn`: runs the class-validator limits declared on the input classes and
 * raises one BAD_USER_INPUT error that names the first offending field (all of them in extensions).
 */
export async function validateInput(
  argValue: unknown,
  _argType: unknown,
  resolverData: { info: GraphQLResolveInfo },
): Promise<void> {
  if (argValue === null || typeof argValue !== 'object' || Array.isArray(argValue)) return;
  const errors = await validate(argValue, { skipMissingProperties: true, forbidUnknownValues: false });
  if (errors.length === 0) return;
  const violations = flatten(errors, inputArgName(resolverData.info));
  const [first] = violations;
  throw new UserInputError(first.field, first.message, { violations });
}

/** Our operations take one input object; its argument name starts every field path. */
function inputArgName(info: GraphQLResolveInfo): string {
  const field = info.parentType.getFields()[info.fieldName];
  const objectArgs = field.args.filter((arg) => isInputObjectType(getNamedType(arg.type)));
  return objectArgs.length === 1 ? objectArgs[0].name : 'input';
}

function flatten(errors: ValidationError[], parentPath: string): InputViolation[] {
  return errors.flatMap((error) => {
    const path = /^\d+$/.test(error.property) ? `${parentPath}[${error.property}]` : `${parentPath}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field: path, message }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
