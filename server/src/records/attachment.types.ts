import { Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A file the complainant may see and download from the portal (GET /portal/attachments/{id})." })
export class PublicAttachment {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  fileName: string;

  @Field(() => String)
  mediaType: string;

  @Field(() => Int)
  sizeBytes: number;

  @Field(() => String, { description: "SHA-256 of the content, lowercase hex." })
  sha256: string;

  @Field(() => GraphQLISODateTime)
  uploadedAt: Date;
}
